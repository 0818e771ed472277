import { StreamingDetector } from '../anomalies/detector/detector';
import { cell, columnIndex, parseNabTimestamp, readCsv } from './nab-csv';

/** One fresh detector over a NAB series, row by row: `timestamp,value,anomaly_score` lines, in order. */
export function scoreNabFile(path: string): string {
  const { header, rows } = readCsv(path);
  const time = columnIndex(header, 'timestamp', path);
  const value = columnIndex(header, 'value', path);
  const detector = new StreamingDetector();
  const lines = ['timestamp,value,anomaly_score'];
  for (const row of rows) {
    const timestamp = cell(row, time);
    const reading = cell(row, value);
    const score = detector.score(parseNabTimestamp(timestamp), Number(reading));
    lines.push(`${timestamp},${reading},${score}`);
  }
  return `${lines.join('\n')}\n`;
}

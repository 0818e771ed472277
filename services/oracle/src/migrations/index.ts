import { InitialSchema1795338258350 } from './1795338258350-InitialSchema';
import { OracleStreams1796077450432 } from './1796077450432-OracleStreams';
import { ForecastMetric1796078038550 } from './1796078038550-ForecastMetric';
import { IdentityRisk1796100000000 } from './1796100000000-IdentityRisk';
import { LlmAnalysis1796200000000 } from './1796200000000-LlmAnalysis';
import { Recommendations1796400000000 } from './1796400000000-Recommendations';
import { MetricDays1796500000000 } from './1796500000000-MetricDays';
import { MetricStorage1796600000000 } from './1796600000000-MetricStorage';

/** Every migration of this service, oldest first. Committed migrations are never edited. */
export const migrations = [
  InitialSchema1795338258350,
  OracleStreams1796077450432,
  ForecastMetric1796078038550,
  IdentityRisk1796100000000,
  LlmAnalysis1796200000000,
  Recommendations1796400000000,
  MetricDays1796500000000,
  MetricStorage1796600000000,
];

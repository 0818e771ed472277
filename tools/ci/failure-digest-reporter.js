const { appendFileSync, mkdirSync } = require('node:fs');
const { join } = require('node:path');
const { stripVTControlCharacters } = require('node:util');

/** Where every failing test of this checkout is appended; `.ci/run` prints it last. */
const DIGEST = join(__dirname, '..', '..', '.local', 'reports', 'failures.txt');

/** Lines of a failure message kept: the assertion and the report's first lines. */
const MESSAGE_LINES = 40;

/** The head of a failure message, colours and stack frames outside the project's code dropped. */
function headOf(message) {
  return stripVTControlCharacters(message)
    .split('\n')
    .filter((line) => !/^\s+at .*(node_modules|<anonymous>)/.test(line))
    .slice(0, MESSAGE_LINES)
    .map((line) => `    ${line}`);
}

/**
 * A Jest reporter that appends each failing test (file, name, the head of its message)
 * to one digest, so a CI log whose tail is all that survives still says what failed.
 */
class FailureDigestReporter {
  onTestResult(_test, result) {
    const failures = result.testResults.filter((test) => test.status === 'failed');
    if (failures.length === 0 && !result.testExecError) return;
    const lines = [`FAIL ${result.testFilePath}`];
    for (const test of failures) {
      lines.push(`  ✕ ${test.fullName}`, ...headOf(test.failureMessages.join('\n')));
    }
    if (result.testExecError) lines.push(...headOf(result.testExecError.message));
    mkdirSync(join(DIGEST, '..'), { recursive: true });
    appendFileSync(DIGEST, `${lines.join('\n')}\n`);
  }
}

module.exports = FailureDigestReporter;

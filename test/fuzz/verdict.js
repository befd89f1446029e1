/**
 * What every run over a mutated file must look like (issue 8, "Keep it that way"): either the
 * file still parses (exit 0), or exit 2 with nothing on stdout and a first line on stderr that
 * names the file and a line of it that exists — never 70, never a stack trace, never another code.
 * A plan of a mutated inventory that parses holds only well-formed text: no lone surrogate
 * (escaped in JSON output) and no U+FFFD, the marks of a record that would not read back.
 *
 * @param {{ code: number | null, stdout: string, stderr: string }} result
 * @param {string} file the mutated file as the command was given it
 * @param {Buffer} bytes its content
 * @param {'policy' | 'config' | 'inventory'} kind what the file is
 * @returns {string | null} what is wrong, or null when the run behaved
 */
export function judge(result, file, bytes, kind) {
  if (result.code === 0) return kind === 'inventory' ? illFormedOutput(result.stdout) : null;
  if (result.code !== 2) return `exit ${result.code}: ${firstLine(result.stderr)}`;
  if (result.stdout !== '') return `exit 2 but stdout has ${result.stdout.length} characters`;
  if (/\n\s+at .+:\d+:\d+\)?/.test(result.stderr) || result.stderr.includes('node:internal'))
    return `stack trace: ${firstLine(result.stderr)}`;
  const where = new RegExp(`^${escape(file)}:(\\d+)(:\\d+)?: `).exec(result.stderr);
  if (!where) return `does not start with ${file}:LINE: ${firstLine(result.stderr)}`;
  const line = Number(where[1]);
  if (line < 1 || line > lineCount(bytes)) return `line ${line} of a ${lineCount(bytes)}-line file: ${firstLine(result.stderr)}`;
  return null;
}

/** A lone surrogate, escaped as JSON.stringify writes it, or U+FFFD. */
const ILL_FORMED = /\\ud[89ab][0-9a-f]{2}(?!\\ud[c-f][0-9a-f]{2})|(?<!\\ud[89ab][0-9a-f]{2})\\ud[c-f][0-9a-f]{2}|\uFFFD/i;

function illFormedOutput(stdout) {
  const found = ILL_FORMED.exec(stdout);
  return found
    ? `exit 0 but the output holds ${JSON.stringify(found[0])}: ${stdout.slice(Math.max(0, found.index - 60), found.index + 20)}`
    : null;
}

/** Lines as an editor counts them: LF, CRLF and a lone CR each end one. */
function lineCount(bytes) {
  const text = bytes.toString('latin1');
  return (text.match(/\r\n|\n|\r/g) ?? []).length + 1;
}

const firstLine = (text) => text.split('\n')[0];
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Reading a config file (client or node) with a typed error for a missing one. */
import { readFile } from 'node:fs/promises';
import { InvalidInputError } from './errors.ts';

/**
 * The text of a config file; a missing file is a typed error that names it (and `hint`, what to
 * do about it).
 * @throws InvalidInputError (`code`) when `file` does not exist; other fs errors as they are.
 */
export async function readConfigText(
  file: string,
  kind: string,
  code: string,
  hint?: string,
): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    const what = `${kind} config ${file} does not exist`;
    throw new InvalidInputError(hint ? `${what} (${hint})` : what, { code, cause: err });
  }
}

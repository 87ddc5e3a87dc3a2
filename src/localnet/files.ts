/** Small file helpers of the local network. */
import { readFile } from 'node:fs/promises';

/** Reads and parses a JSON file; throws the fs error or SyntaxError as is. */
export async function readJsonFile<T>(file: string): Promise<T> {
  return JSON.parse(await readFile(file, 'utf8')) as T;
}

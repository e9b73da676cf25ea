import { parseTomlFile } from '../../../src/init/manifests.js';

/** TOML text to a document, for tests that feed manifest readers directly. */
export const parseToml = (text: string) => parseTomlFile(text, 'test.toml');

import { describe, expect, it } from 'vitest';
import type { GoFacts } from '../../../src/languages/go/rules.js';
import { recipeInputFor } from '../../support/fake-ctx.js';

const GO_MOD = 'module example.com/ledger\n\ngo 1.26\n\nrequire example.com/store v0.0.0\n';
const MAIN = (imports: string) => `package main\n\nimport (\n${imports})\n\nfunc main() {}\n`;

describe('Go detection of database/sql', () => {
  it('finds database/sql in the imports when the driver comes from a dependency go.mod does not name', async () => {
    const files = {
      'go.mod': GO_MOD,
      'main.go': MAIN('\t"log"\n'),
      'internal/db/db.go': 'package db\n\nimport (\n\t"database/sql"\n\n\t"example.com/store"\n)\n',
    };
    const { detection } = await recipeInputFor<GoFacts>('go', files);
    expect(detection.libraries).toContain('sql');
  });

  it('does not see it in a module that only names the package in a string', async () => {
    const files = { 'go.mod': GO_MOD, 'main.go': MAIN('\t"log"\n').replace('{}', '{ log.Print("database/sql") }') };
    const { detection } = await recipeInputFor<GoFacts>('go', files);
    expect(detection.libraries).not.toContain('sql');
  });
});

// The command-line scripts answer --help with their usage (exit 0) and refuse
// an unknown flag with the usage on stderr (exit 2), before doing any work:
// no build, no data read, no file written. Each run takes well under a second.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SCRIPTS = [
  { file: 'scripts/eval.mjs', usage: /^usage: npm run eval -- --data PATH/, flags: ['--data', '--split', '--opt', '--no-catalog', '--json'] },
  { file: 'scripts/analytics.mjs', usage: /^usage: node scripts\/analytics\.mjs \[FILE\.tsv\]/, flags: ['--videos', '--seed'] },
  { file: 'scripts/endurance.mjs', usage: /^usage: node scripts\/endurance\.mjs/, flags: ['--recommends', '--cycles', '--events'] },
  { file: 'bench/run.mjs', usage: /^usage: npm run bench/, flags: ['--json'] },
  { file: 'bench/flags.mjs', usage: /^usage: node bench\/flags\.mjs/, flags: [] },
  { file: 'bench/new-videos.mjs', usage: /^usage: node --expose-gc bench\/new-videos\.mjs/, flags: ['--json'] },
  { file: 'scripts/make-v1-fixtures.mjs', usage: /^usage: node scripts\/make-v1-fixtures\.mjs/, flags: [] },
];

const run = (file, args) => spawnSync(process.execPath, [join(root, file), ...args], { cwd: root, encoding: 'utf8', timeout: 20_000 });

for (const { file, usage, flags } of SCRIPTS) {
  test(`${file} --help prints its usage and exits 0`, () => {
    for (const help of ['--help', '-h']) {
      const r = run(file, [help]);
      assert.equal(r.status, 0, `${help}: ${r.stderr}`);
      assert.match(r.stdout, usage);
      for (const flag of [...flags, '--help']) assert.ok(r.stdout.includes(flag), `the usage lists ${flag}`);
      assert.equal(r.stderr, '');
    }
  });

  test(`${file} refuses an unknown flag with the usage and exit 2`, () => {
    const r = run(file, ['--no-such-flag']);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /Unknown option '--no-such-flag'/);
    assert.match(r.stderr, /usage: /);
    assert.equal(r.stdout, '');
  });
}

test('a flag that needs a value and a bad number are usage errors too', () => {
  const missing = run('scripts/eval.mjs', ['--data']);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /--data/);
  const bad = run('scripts/endurance.mjs', ['--cycles', 'lots']);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--cycles must be a whole number/);
  const extra = run('scripts/analytics.mjs', ['a.tsv', 'b.tsv']);
  assert.equal(extra.status, 2);
  assert.match(extra.stderr, /unexpected argument 'b\.tsv'/);
});

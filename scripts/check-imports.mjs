// Every workspace declares the packages its files import (STYLE.md 13), and third-party
// versions are pinned once, at the root: a workspace names them with "*", the root package.json
// with an exact version. `node scripts/check-imports.mjs` fails on an undeclared import, on a
// workspace that pins a version itself, and on a root version that is a range;
// `--fix` adds the missing "*" declarations (dependencies, or devDependencies when only tests,
// test harnesses or benchmarks import the package).
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const fix = process.argv.includes('--fix');
const SOURCE = /\.(?:[cm]?[jt]s|tsx)$/;
const SKIP_DIRS = new Set(['node_modules', 'dist', '.data', '.tools', '.git', 'bench-out', 'test-artifacts', 'out']);
const SPECIFIER =
  /(?:\bimport\s+(?:type\s+)?(?:[\w*{}\s,$]+\s+from\s+)?|\bexport\s+(?:type\s+)?[\w*{}\s,$]+\s+from\s+|\bimport\s*\(\s*|\brequire\s*\(\s*)['"]([^'"\s]+)['"]/g;
const builtins = new Set(builtinModules);
const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));

/** Files under `dir`, not descending into other workspaces (`stop`). */
function* sourceFiles(dir, stop) {
  for (const name of readdirSync(dir)) {
    if (SKIP_DIRS.has(name)) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (!stop.has(path)) yield* sourceFiles(path, stop);
    } else if (SOURCE.test(name) && !name.endsWith('.d.ts')) yield path;
  }
}

const packageOf = (specifier) =>
  specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];
const isTestFile = (path) =>
  /\.(spec|int|e2e)\.[cm]?[jt]s$/.test(path) || /\/testing\//.test(path) || /\.contract\.[jt]s$/.test(path);

const rootManifest = readJson(join(root, 'package.json'));
const workspaceDirs = rootManifest.workspaces.flatMap((pattern) =>
  pattern.endsWith('/*')
    ? readdirSync(join(root, pattern.slice(0, -2)))
        .map((name) => join(root, pattern.slice(0, -2), name))
        .filter((dir) => statSync(dir).isDirectory())
    : [join(root, pattern)],
);
const workspaceNames = new Set(workspaceDirs.map((dir) => readJson(join(dir, 'package.json')).name));
const pinned = { ...rootManifest.dependencies, ...rootManifest.devDependencies };
const problems = [];

for (const [name, version] of Object.entries(pinned))
  if (!/^\d+\.\d+\.\d+(?:-[\w.]+)?$/.test(version))
    problems.push(`package.json: ${name} is "${version}"; versions are pinned exactly at the root`);

const checks = [
  ...workspaceDirs.map((dir) => ({ dir, files: sourceFiles(dir, new Set()) })),
  // The root's own files: scripts, the Kafka runner, the lint config.
  {
    dir: root,
    files: [
      ...['scripts', 'docker'].flatMap((sub) => [...sourceFiles(join(root, sub), new Set())]),
      join(root, 'eslint.config.js'),
    ],
  },
];

for (const { dir, files } of checks) {
  const manifestPath = join(dir, 'package.json');
  const manifest = readJson(manifestPath);
  const isRoot = dir === root;
  const declared = new Set(
    ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'].flatMap((field) =>
      Object.keys(manifest[field] ?? {}),
    ),
  );
  const missing = new Map(); // package -> { dev, firstFile }
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const [, specifier] of text.matchAll(SPECIFIER)) {
      if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) continue;
      const name = packageOf(specifier);
      if (builtins.has(name) || name === manifest.name || declared.has(name)) continue;
      // The root's scripts run inside the repository, where every workspace is linked.
      if (isRoot && workspaceNames.has(name)) continue;
      const dev = isTestFile(file) || dir.endsWith('/bench') || dir.endsWith('/e2e');
      const seen = missing.get(name);
      missing.set(name, { dev: (seen?.dev ?? true) && dev, file: seen?.file ?? relative(root, file) });
    }
  }
  for (const [name, { dev, file }] of missing) {
    if (!isRoot && !workspaceNames.has(name) && !(name in pinned)) {
      problems.push(`${relative(root, file)}: imports ${name}, which the root package.json does not pin`);
      continue;
    }
    if (fix && !isRoot) {
      const field = dev ? 'devDependencies' : 'dependencies';
      manifest[field] = Object.fromEntries(Object.entries({ ...manifest[field], [name]: '*' }).sort());
    } else problems.push(`${relative(root, file)}: imports ${name}, not declared in ${relative(root, manifestPath)}`);
  }
  if (!isRoot)
    for (const field of ['dependencies', 'devDependencies'])
      for (const [name, version] of Object.entries(manifest[field] ?? {}))
        if (version !== '*')
          problems.push(
            `${relative(root, manifestPath)}: ${name} is "${version}"; workspaces use "*" (pinned at the root)`,
          );
  if (fix && !isRoot && missing.size > 0) writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
}

if (problems.length > 0) {
  for (const problem of problems) console.error(`imports: ${problem}`);
  console.error(
    `imports: ${problems.length} problem(s); \`node scripts/check-imports.mjs --fix\` declares missing imports`,
  );
  process.exit(1);
}
console.log(`imports: every workspace declares what it imports (${checks.length - 1} workspaces and the root)`);

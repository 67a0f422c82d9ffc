// Reading a dataset for the command-line scripts (scripts/eval.mjs,
// scripts/simulate.mjs): the format from a flag or the file name, a MovieLens
// folder's ratings and movies files, and MovieLens genres as catalogue tags.
// A problem the user can fix throws UsageError (the scripts exit 2 with its message).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';

export const FORMATS = ['movielens', 'csv', 'tsv', 'kuairand'];

export class UsageError extends Error {}
const fail = (message) => {
  throw new UsageError(message);
};

export function formatFor(path, given) {
  if (given !== undefined) {
    if (!FORMATS.includes(given)) fail(`unknown format '${given}'; choose one of: ${FORMATS.join(', ')}`);
    return given;
  }
  const ext = extname(path).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.tsv') return 'tsv';
  fail(`cannot tell the format of ${path} from its name; pass --format ${FORMATS.join('|')}`);
  return undefined;
}

export function readBytes(path, what) {
  if (!existsSync(path)) fail(`${what} ${path} does not exist`);
  if (statSync(path).isDirectory()) fail(`${what} ${path} is a folder, not a file`);
  return readFileSync(path);
}

// The movies file of a MovieLens folder, when it has one.
export const moviesIn = (dir) => ['movies.csv', 'movies.dat', 'u.item'].map((f) => join(dir, f)).find((f) => existsSync(f));

// A MovieLens folder: its ratings file and, when present, its movies file.
export function movieLensFolder(dir) {
  const ratings = ['ratings.csv', 'u.data', 'ratings.dat'].map((f) => join(dir, f)).find((f) => existsSync(f));
  if (!ratings) fail(`${dir} holds none of ratings.csv, u.data, ratings.dat (is it a MovieLens folder?)`);
  return { ratings, movies: moviesIn(dir) };
}

// Genres as tags: movies.csv (movieId,title,genres with '|', titles may hold commas),
// movies.dat (id::title::genres), u.item (id|title|...|19 genre flags, names in u.genre).
export function readMovies(path) {
  const text = readBytes(path, 'catalogue').toString('latin1');
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const videos = [];
  const genres = (s) => s.split('|').map((g) => g.trim()).filter((g) => g && g !== '(no genres listed)');
  if (basename(path) === 'u.item') {
    const genreFile = join(path, '..', 'u.genre');
    const names = existsSync(genreFile) ? readFileSync(genreFile, 'latin1').split(/\r?\n/).filter(Boolean).map((l) => l.split('|')[0]) : [];
    for (const line of lines) {
      const f = line.split('|');
      videos.push({ id: f[0], tags: f.slice(5).flatMap((flag, g) => (flag === '1' && names[g] && names[g] !== 'unknown' ? [names[g]] : [])) });
    }
  } else if (path.endsWith('.dat')) {
    for (const line of lines) {
      const f = line.split('::');
      if (f.length >= 3) videos.push({ id: f[0], tags: genres(f[f.length - 1]) });
    }
  } else {
    for (const line of lines.slice(/^\d/.test(lines[0] ?? '') ? 0 : 1)) {
      const first = line.indexOf(','), last = line.lastIndexOf(',');
      if (first > 0 && last > first) videos.push({ id: line.slice(0, first), tags: genres(line.slice(last + 1)) });
    }
  }
  return videos;
}

// --data PATH (a file, or a MovieLens folder) with --format, --catalog and
// --no-catalog as scripts/eval.mjs reads them: { path, format, moviesPath }.
export function locateData(data, format, catalog, noCatalog) {
  let path = data;
  let moviesPath = catalog;
  if (existsSync(data) && statSync(data).isDirectory()) {
    if (format !== undefined && format !== 'movielens') fail(`${data} is a folder; only --format movielens reads folders`);
    const found = movieLensFolder(data);
    format = 'movielens';
    path = found.ratings;
    moviesPath ??= found.movies;
  } else {
    if (!existsSync(data)) fail(`data file ${data} does not exist`);
    format = formatFor(data, format);
    if (format === 'movielens' && moviesPath === undefined) moviesPath = moviesIn(dirname(data));
  }
  if (noCatalog) moviesPath = undefined;
  return { path, format, moviesPath };
}

/** The built package with its tools module (dist/), or a UsageError saying to build it. */
export async function loadTools() {
  let load;
  try {
    ({ load } = await import('../dist/index.js'));
  } catch (err) {
    fail(`the built package is missing or broken (${err.message.split('\n')[0]}); run npm run build first`);
  }
  return load({ tools: true });
}

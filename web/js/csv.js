// Reads a visitor's interaction file: one event per line,
//   user,item,value[,timestamp]
// separated by commas, tabs, semicolons or "::" (MovieLens .dat), with or
// without a header line. Each line becomes a 'rating' event with that value.
// A malformed line is reported with its number and what is wrong.

const MAX_LINES = 5_000_000;

function detectSeparator(line) {
  if (line.includes('::')) return '::';
  if (line.includes('\t')) return '\t';
  if (line.includes(';') && !line.includes(',')) return ';';
  return ',';
}

function unquote(field) {
  const f = field.trim();
  return f.length >= 2 && f[0] === '"' && f.at(-1) === '"' ? f.slice(1, -1).replace(/""/g, '"') : f;
}

function shorten(line) {
  return line.length > 60 ? `${line.slice(0, 57)}…` : line;
}

/** Parses the text: { events, users, items, hasTimestamps }. Throws an Error naming the bad line. */
export function parseInteractionsCsv(text) {
  const lines = text.split(/\r?\n/);
  if (lines.length > MAX_LINES) throw new Error(`the file has ${lines.length.toLocaleString('en')} lines; this demo reads at most ${MAX_LINES.toLocaleString('en')}`);
  const first = lines.findIndex((l) => l.trim() !== '');
  if (first < 0) throw new Error('the file is empty');
  const sep = detectSeparator(lines[first]);
  const events = [];
  const users = new Set();
  const items = new Set();
  let hasTimestamps = false;
  for (let i = first; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '' || line.startsWith('#')) continue;
    const fields = line.split(sep).map(unquote);
    const where = `line ${i + 1} ("${shorten(line)}")`;
    if (i === first && fields.length >= 3 && !Number.isFinite(Number(fields[2])) ) continue; // a header line
    if (fields.length < 3) throw new Error(`${where}: expected user${sep}item${sep}value[${sep}timestamp], found ${fields.length} field${fields.length === 1 ? '' : 's'}`);
    const [user, item, valueText, timeText] = fields;
    if (!user) throw new Error(`${where}: the user is empty`);
    if (!item) throw new Error(`${where}: the item is empty`);
    const value = valueText === '' ? NaN : Number(valueText);
    if (!Number.isFinite(value)) throw new Error(`${where}: the value "${valueText}" is not a number`);
    const event = { user, item, type: 'rating', value };
    if (timeText !== undefined && timeText !== '') {
      const t = Number(timeText);
      if (!Number.isFinite(t) || t < 0) throw new Error(`${where}: the timestamp "${timeText}" is not a number of seconds`);
      event.timestamp = t;
      hasTimestamps = true;
    } else {
      event.timestamp = 0; // no time: the file's order decides what is "last"
    }
    events.push(event);
    users.add(user);
    items.add(item);
  }
  if (events.length === 0) throw new Error('the file has no data lines');
  return { events, users: users.size, items: items.size, hasTimestamps };
}

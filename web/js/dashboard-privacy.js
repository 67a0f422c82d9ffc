// Section 6: what the privacy guard did to one analytics result, in plain
// words. Every rr.analytics result (and model.audienceFor) carries a privacy
// report: { minGroupSize, mergedGroups, mergedPeople, otherShown,
// hiddenGroups, hiddenPeople, hiddenLabels, note }. This turns it into one
// sentence a creator understands, for the dashboard's privacy notice.

const plural = (n, one, many) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
const people = (n) => plural(n, 'person', 'people');

/**
 * @param {object} report a PrivacyReport
 * @param {{ one: string, many: string, labels?: [string, string] }} what the groups' noun ("video", "videos"),
 *   and what the describing labels are called, if the result has any (["tag or creator", "tags and creators"])
 * @returns {{ changed: boolean, text: string }} changed = something was merged or hidden
 */
export function privacyWords(report, what) {
  const n = report.minGroupSize;
  const parts = [];
  let changed = false;
  if (report.otherShown && report.mergedGroups > 0) {
    changed = true;
    const many = report.mergedGroups !== 1;
    parts.push(`${plural(report.mergedGroups, what.one, what.many)} with fewer than ${n} people ` +
      `${many ? 'each are' : 'is'} merged into one “other” group (${people(report.mergedPeople)} together)`);
  }
  if (report.hiddenGroups > 0) {
    changed = true;
    const many = report.hiddenGroups !== 1;
    parts.push(`${plural(report.hiddenGroups, what.one, what.many)} with fewer than ${n} people ` +
      `${many ? 'are' : 'is'} hidden, because even merged ${many ? 'they' : 'it'} came to only ${people(report.hiddenPeople)}`);
  }
  if (report.hiddenLabels > 0) {
    // Labels are left out, not groups: said with other words so "merged" and
    // "hidden" only ever mean whole groups.
    const [one, many] = what.labels ?? ['label', 'labels'];
    parts.push(`${plural(report.hiddenLabels, one, many)} that fewer than ${n} members ` +
      `engaged with ${report.hiddenLabels === 1 ? 'is' : 'are'} not listed`);
  }
  if (!changed) parts.unshift(`every ${what.one} has at least ${n} people, so nothing is merged or hidden`);
  const text = parts.join('; ');
  return { changed, text: `${text[0].toUpperCase()}${text.slice(1)}.` };
}

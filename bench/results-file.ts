/**
 * bench/RESULTS.md is one document of sections ("## N. Title"). A whole run writes it anew; a partial run
 * (BENCH_ONLY) replaces only the sections it measured, each marked with the machine and day it was measured on,
 * and keeps the others as they were, so a figure is never silently mixed with another day's.
 */
export function mergeResults(previous: string, fresh: string, measuredOn: string): string {
  const before = splitSections(previous);
  const after = splitSections(fresh);
  const sections = [...before.sections];
  // The partial run's own total time is left out: the document's total is that of its last whole run.
  for (const section of after.sections.filter((part) => titleOf(part) !== null)) {
    const marked = markMeasured(section, measuredOn);
    const index = sections.findIndex((old) => titleOf(old) === titleOf(section));
    if (index >= 0) sections[index] = marked;
    else sections.push(marked);
  }
  const trailer = sections.filter((section) => titleOf(section) === null);
  const body = sections.filter((section) => titleOf(section) !== null);
  return `${[before.preamble, ...body, ...trailer].map((part) => part.trimEnd()).join('\n\n')}\n`;
}

function splitSections(document: string): { preamble: string; sections: string[] } {
  const parts = document.split(/^(?=## )/m);
  const preamble = parts[0]?.startsWith('## ') ? '' : (parts.shift() ?? '');
  const sections: string[] = [];
  for (const part of parts) {
    // "Total benchmark time" closes a run's output; it belongs to no section.
    const total = part.search(/^Total benchmark time/m);
    if (total >= 0) {
      sections.push(part.slice(0, total));
      sections.push(part.slice(total));
    } else sections.push(part);
  }
  return { preamble, sections };
}

/** A section's title without its number, or null for text that is no section (the run's total time). */
function titleOf(section: string): string | null {
  const match = /^## (?:\d+\.\s*)?(.+)$/m.exec(section);
  return section.startsWith('## ') && match ? (match[1] ?? '').trim() : null;
}

function markMeasured(section: string, measuredOn: string): string {
  const [heading, ...rest] = section.split('\n');
  const body = rest.join('\n').replace(/^\n*_Measured on .*_\n/, '');
  return `${heading}\n\n_Measured on ${measuredOn} (partial run)._\n${body.startsWith('\n') ? '' : '\n'}${body}`;
}

/**
 * The ready scenarios of scenarios/ in the order of the 2007 study (what `shieldlab findings` runs
 * and the web app lists): Iran and Europe, the Russia question, the Gabala offer, uncertainty;
 * any other file follows, by name.
 */
const STUDY_ORDER = ['iran-europe', 'russia-question', 'gabala-offer', 'uncertainty'];

/** File names (`russia-question.yaml`, with or without folders) sorted in that order. */
export function inStudyOrder<T>(items: readonly T[], fileName: (item: T) => string): T[] {
  const name = (item: T) => fileName(item).replace(/^.*[/\\]/, '');
  const rank = (item: T) => {
    const k = STUDY_ORDER.indexOf(name(item).replace(/\.ya?ml$/, ''));
    return k < 0 ? STUDY_ORDER.length : k;
  };
  return [...items].sort((a, b) => rank(a) - rank(b) || (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0));
}

import { METHOD_SECTIONS, type MethodKey, sectionAnchor } from '../../../src/report/html/methods.js';

/**
 * Short explanations, for a reader who is not a physicist (a journalist, a student), of what the
 * app's results mean and of the physics the 2007 debate turned on. Each links to the section of
 * the methods document that gives the equations and limits; the app serves that document as
 * methods.html with GitHub's heading anchors, built here by the report's own function so that the
 * links follow any renaming there. Figures quoted are the catalog's (data/) or the model's
 * (docs/METHODS.md). Pure.
 */
export interface Explanation {
  /** The study kind, or the topic's id. */
  readonly id: string;
  readonly title: string;
  /** Two to four plain sentences. */
  readonly text: string;
  /** `methods.html#ANCHOR` of the section that gives the details. */
  readonly methodsLink: string;
  /** That section, as the reader sees it linked: `§9.1 Launch and intercept windows`. */
  readonly methodsTitle: string;
}

/** The methods page the app serves (docs/METHODS.md as HTML). */
export const METHODS_PAGE = 'methods.html';

/** Sections no report figure cites, so not in METHOD_SECTIONS, that an explanation links to. */
const OTHER_SECTIONS = {
  reconstruction: ['6.4', 'Reconstruction of a test'],
} as const satisfies Record<string, readonly [string, string]>;

function explanation(
  id: string,
  title: string,
  section: MethodKey | keyof typeof OTHER_SECTIONS,
  text: string,
): Explanation {
  const [number, heading] =
    section in OTHER_SECTIONS
      ? OTHER_SECTIONS[section as keyof typeof OTHER_SECTIONS]
      : METHOD_SECTIONS[section as MethodKey];
  return {
    id,
    title,
    text,
    methodsLink: `${METHODS_PAGE}#${sectionAnchor(number, heading)}`,
    methodsTitle: `§${number} ${heading}`,
  };
}

/** One explanation per study kind of the scenario schema. */
const STUDIES: readonly Explanation[] = [
  explanation(
    'trajectory',
    'Trajectory: how each missile flies',
    'aiming',
    'Each threat is flown from its launch site to its target over a rotating, slightly flattened Earth with an atmosphere, its rocket stages burning one after the other. The result gives the distance flown, the flight time, the highest point (apogee) and the speed at burnout, when the motors stop and the warhead coasts. Unless the file says otherwise the missile flies its minimum-energy trajectory, the one that reaches the target with the least energy; a target beyond the missile’s reach is reported as out of range.',
  ),
  explanation(
    'sensing',
    'Sensing: what the radars and satellites see, and when',
    'sharing',
    'For each threat the study finds when each sensor can see it: a radar only while the missile is above the radar’s horizon, within its detection range and inside its field of view; an early-warning satellite only while the rocket’s hot exhaust plume burns. From these it builds the defence’s timeline: first warning, a firm track, then a fire-control track precise enough to launch interceptors, which sets the commit time. Another country’s sensors count only under a data-sharing arrangement, and their data arrive later by the arrangement’s relay delay.',
  ),
  explanation(
    'engagement',
    'Engagement: can the interceptors reach the threat?',
    'windows',
    'For each threat and interceptor site the study finds when interceptors can be launched after the commit, and when they can meet the warhead at altitudes their kill vehicle works at: the launch window and the intercept window. It then counts the shots that fit in that window under shoot-look-shoot, flying each one out to check that the kill vehicle can correct its remaining miss. A shot is a chance to intercept, not a kill; when there is none, the result says why, such as “too slow” or “launched too late”.',
  ),
  explanation(
    'footprint',
    'Footprint: the area the defence covers',
    'footprint',
    'The study aims the threat’s missile at every point of a latitude-longitude grid (or launches it from every point toward its target) and asks whether the defence could engage it. Each point is marked out of range (the missile cannot get there), not defended (no fire-control track, or no shot), or defended, with its shots and intercept window. The defended points make the map of the area the defence covers against that launch site, or of the places from which an attack on that target can be engaged.',
  ),
  explanation(
    'sweep',
    'Sweep: one disputed number over a range of values',
    'sweep',
    'The study gives one catalog parameter, such as the interceptor’s burnout speed, each value of a list in turn and solves the scenario’s engagements again for each. It shows how windows, shots, or the reason for no intercept depend on a number that the sources dispute. Where the answer changes along the list tells you which of the competing claims about that number would change the conclusion.',
  ),
  explanation(
    'uncertainty',
    'Uncertainty: how firm is the answer?',
    'uncertainty',
    'Public sources disagree about most parameters, so the catalog gives each a range as well as a value. The study draws many sets of values from those ranges (Latin hypercube sampling, seeded so that anyone gets the same draws), runs the study for each set, and gives each answer as a median and an interval, by default the middle 90 %, beside the nominal answer. It also names the parameters that move each answer most: a first pointer to what the conclusion depends on.',
  ),
  explanation(
    'raid',
    'Raid: many missiles at once',
    'raid',
    'All the threats are launched together against the defence’s limited stock of interceptors. A Monte Carlo simulation plays the raid out many thousands of times, each shot destroying its target with the interceptor’s single-shot kill probability, and reports the chance that no warhead gets through, the expected number that do, and the interceptors used. Because the interceptors are shared, an early threat can use up shots a later one needed, and decoys that are not recognised draw shots too.',
  ),
  explanation(
    'russia-question',
    'The Russia question: could interceptors in Poland catch Russian ICBMs?',
    'russia',
    'In 2007 Russia said that ten interceptors in northern Poland could threaten its missiles aimed at the United States; the United States said they were too slow and too close. This study flies Russian ICBMs from their 2007 bases toward US cities and asks, for each interceptor burnout speed in the disputed band, whether interceptors from the defence’s site (Redzikowo in the 2007 plan) could reach them in time. The defence commits either at the threat’s burnout, the generous assumption of the 2007 tables, or when its own sensors give a fire-control track.',
  ),
];

/** Topical notes on the physics the results rest on. */
export const TOPICS: readonly Explanation[] = [
  explanation(
    'lofted-test',
    'Why a lofted test hides a missile’s range',
    'reconstruction',
    'A country can test a long-range missile without flying it over anyone by firing it almost straight up: it climbs very high and comes down fairly close. What gives it away is its speed at burnout, which on a flatter, minimum-energy path would carry it much farther. Reconstructed this way, the November 2017 North Korean test (4,475 km high, 950 km downrange) needed a burnout speed of about 7.2 km/s, enough for roughly 10,000 km without the Earth’s rotation, and more when fired eastward.',
  ),
  explanation(
    'radar-horizon',
    'What a radar horizon implies',
    'radarGeometry',
    'Because the Earth is round, a radar cannot see anything below its horizon: a warhead flying 100 km up is hidden from a ground radar more than about 1,100 km away, however powerful the radar. A radar sees a missile only while it is above that horizon and within the detection range that the radar equation gives from the radar’s power, antenna and the warhead’s small radar cross-section. Whether and when a missile is detected therefore depends on where the radar stands relative to the flight path, not just on its power.',
  ),
  explanation(
    'tail-chase',
    'Why an interceptor launched later cannot catch up',
    'reasons',
    'An interceptor has to meet the warhead head-on or across its path, ahead of it. Once the warhead has passed, an interceptor no faster than the warhead cannot close the gap before it re-enters the atmosphere, so launching later does not help. That is why the commit time matters so much, and why the results say “launched too late” when the warhead could have been reached only by launches before the defence was able to commit.',
  ),
  explanation(
    'burnout-speed',
    'Why the interceptor’s burnout speed decides the Russia question',
    'russia',
    'Russian ICBMs launched from western Russia toward the United States pass north of Poland, over the Baltic and Scandinavia, within minutes of launch, then fly away over the North Atlantic, so an interceptor from Redzikowo must catch a warhead that is already moving away from it. Its burnout speed, the speed at which its rocket motors stop, decides how far it can reach in the time there is. US Missile Defense Agency slides, as reported in 2007, gave 5.4 km/s, too slow, the agency said; Postol and Lewis argued for 7.7 to 9 km/s. The figure is not public, so the study sweeps the whole band to show at which speeds, if any, an intercept becomes possible.',
  ),
  explanation(
    'shoot-look-shoot',
    'Shoot-look-shoot',
    'shootLookShoot',
    'Shoot-look-shoot means firing an interceptor, waiting to see whether it destroyed the warhead, and firing again only if it did not. Each look costs time: the interceptor has to reach the warhead, and the sensors need a kill assessment (60 s unless the scenario says otherwise) before the next launch. So the number of shots depends on how long the intercept window is; firing two at once (a salvo) needs no wait but uses interceptors faster.',
  ),
  explanation(
    'kill-probability',
    'Single-shot kill probability',
    'raid',
    'An interceptor that reaches the warhead does not always destroy it. The single-shot kill probability is the chance that one interceptor kills its target: the catalog takes 0.5 for the interceptor planned for Poland, from the test record of the three-stage interceptor whose kill vehicle it carries, with a cited range of 0.25 to 0.8. With independent shots, two interceptors fired at one warhead destroy it with probability 0.75 (one minus 0.5 times 0.5), and the raid study combines such chances over every warhead and the interceptors left.',
  ),
];

/** Said of a study kind this version does not know (a newer scenario file). */
const UNKNOWN: Explanation = {
  id: 'unknown',
  title: 'About this result',
  text: 'This version of the app has no explanation for this kind of study. The methods document describes every study the program can run, with its assumptions and limits.',
  methodsLink: METHODS_PAGE,
  methodsTitle: 'Methods',
};

/** Notes on the report's sections that are not a study's: the map of the threats. */
const SECTIONS: readonly Explanation[] = [
  explanation(
    'threats',
    'The map: where each missile flies',
    'geodesics',
    'Each line is a threat’s ground track, the point on the ground under the missile from launch to impact, with the places the scenario names. A ballistic missile flies in a plane through the Earth’s centre, so on a flat map its track is a curve, not a straight line; the Earth turning underneath bends it a little more. Intercept points, where the engagement studies plan them, are marked on the tracks.',
  ),
];

/** Whether a report section (a study kind, or `threats`) has a note of its own. */
export function hasExplanation(kind: string): boolean {
  return STUDIES.some((e) => e.id === kind) || SECTIONS.some((e) => e.id === kind);
}

/** The explanation of a study kind's results; a general note for a kind this version does not know. */
export function explanationFor(kind: string): Explanation {
  return STUDIES.find((e) => e.id === kind) ?? SECTIONS.find((e) => e.id === kind) ?? UNKNOWN;
}

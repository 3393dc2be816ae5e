/**
 * Layered-defence arithmetic: the closed forms for independent shots, as the open literature on
 * defence effectiveness uses them. Every shot kills with the single-shot kill probability (SSPK),
 * independently of the others, so a target survives n shots with probability (1 - SSPK)^n, and N
 * targets engaged alike all die with probability (1 - (1 - SSPK)^n)^N.
 *
 * Shoot-look-shoot: a salvo of k interceptors per look, up to `looks` looks, the next salvo only if
 * the kill assessment says the target survived (assessment assumed perfect). Probabilities in
 * [0, 1]; shots are counts.
 */

/** The probability that one target survives one salvo of k shots: (1 - SSPK)^k. */
export function salvoSurvival(sspk: number, k: number): number {
  return (1 - sspk) ** k;
}

/** The probability of killing one target with n independent shots: 1 - (1 - SSPK)^n. */
export function killProbability(sspk: number, shots: number): number {
  return 1 - salvoSurvival(sspk, shots);
}

/** The probability that no target of N leaks, each engaged with n shots: (1 - (1 - SSPK)^n)^N. */
export function noLeakerProbability(sspk: number, shotsPerTarget: number, targets: number): number {
  return killProbability(sspk, shotsPerTarget) ** targets;
}

/**
 * Expected interceptors fired at one target under shoot-look-shoot with salvos of k and `looks`
 * looks: a salvo is fired at look i when the i earlier salvos all failed,
 * E = k sum_{i=0}^{looks-1} ((1 - SSPK)^k)^i.
 */
export function expectedShotsShootLookShoot(sspk: number, salvo: number, looks: number): number {
  const q = salvoSurvival(sspk, salvo);
  let sum = 0;
  let survive = 1;
  for (let i = 0; i < looks; i++) {
    sum += survive;
    survive *= q;
  }
  return salvo * sum;
}

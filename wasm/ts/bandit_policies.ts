/**
 * The bandit policy names on the JS side: one `as const` list, the BanditPolicy type derived from it,
 * and a type guard. The core's list (kBanditPolicies in core/include/learnloop/bandits/bandit.hpp) is the source;
 * the module exports it as banditPolicies() and tests/js/seam.test.mjs checks the two are equal.
 */

/** Every policy name, in the core's order. */
export const BANDIT_POLICIES = ['thompson', 'ucb1', 'epsilon-greedy', 'linucb', 'lints'] as const;

/** Name of a bandit policy. */
export type BanditPolicy = (typeof BANDIT_POLICIES)[number];

/** True when `name` is one of BANDIT_POLICIES. */
export function isBanditPolicy(name: unknown): name is BanditPolicy {
  return (BANDIT_POLICIES as readonly unknown[]).includes(name);
}

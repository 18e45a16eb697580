#!/usr/bin/env python3
"""Writes the golden vectors in tests/golden/ from an independent reference implementation.

This file re-implements, from the published algorithms and without sharing code with learnloop,
SplitMix64 seeding, xoshiro256**, Marsaglia's polar normal, Marsaglia-Tsang Gamma, Beta via two
Gammas, Beta-Bernoulli Thompson sampling and the Bernoulli bandit simulation. GoogleTest and
node:test both check the C++ core (native and wasm) against these files, so they prove the
algorithms are right and that both targets agree. Run: python3 tests/golden/generate.py
"""
import json
import math
import os

MASK = (1 << 64) - 1
HERE = os.path.dirname(os.path.abspath(__file__))


def splitmix64(state):
    state = (state + 0x9E3779B97F4A7C15) & MASK
    z = state
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return state, z ^ (z >> 31)


def rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & MASK


class Xoshiro256ss:
    def __init__(self, seed, stream=0):
        x = (seed ^ ((stream * 0xD1B54A32D192ED03) & MASK)) & MASK
        self.s = []
        for _ in range(4):
            x, word = splitmix64(x)
            self.s.append(word)

    def next_u64(self):
        s = self.s
        result = (rotl((s[1] * 5) & MASK, 7) * 9) & MASK
        t = (s[1] << 17) & MASK
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = rotl(s[3], 45)
        return result

    def uniform(self):
        return (self.next_u64() >> 11) * 2.0**-53

    def uniform_open(self):
        return ((self.next_u64() >> 12) + 0.5) * 2.0**-52


def normal(rng):
    while True:
        u = 2.0 * rng.uniform() - 1.0
        v = 2.0 * rng.uniform() - 1.0
        s = u * u + v * v
        if 0.0 < s < 1.0:
            return u * math.sqrt(-2.0 * math.log(s) / s)


def gamma_ge1(rng, shape):
    d = shape - 1.0 / 3.0
    c = 1.0 / math.sqrt(9.0 * d)
    while True:
        while True:
            x = normal(rng)
            v = 1.0 + c * x
            if v > 0.0:
                break
        v = v * v * v
        u = rng.uniform_open()
        x2 = x * x
        if u < 1.0 - 0.0331 * x2 * x2:
            return d * v
        if math.log(u) < 0.5 * x2 + d * (1.0 - v + math.log(v)):
            return d * v


def log_gamma_draw(rng, shape):
    if shape >= 1.0:
        return math.log(gamma_ge1(rng, shape))
    g = gamma_ge1(rng, shape + 1.0)
    return math.log(g) + math.log(rng.uniform_open()) / shape


def beta(rng, a, b):
    if a >= 1.0 and b >= 1.0:
        x = gamma_ge1(rng, a)
        y = gamma_ge1(rng, b)
        return x / (x + y)
    lx = log_gamma_draw(rng, a)
    ly = log_gamma_draw(rng, b)
    return 1.0 / (1.0 + math.exp(ly - lx))


def simulate(probs, rounds, seed, record_arms):
    policy = Xoshiro256ss(seed, 0)
    env = Xoshiro256ss(seed, 1)
    succ = [0] * len(probs)
    fail = [0] * len(probs)
    pulls = [0] * len(probs)
    best = max(probs)
    reward = 0
    regret = 0.0
    arms = []
    rewards = []
    for _ in range(rounds):
        chosen, best_draw = 0, -1.0
        for i in range(len(probs)):
            draw = beta(policy, 1.0 + succ[i], 1.0 + fail[i])
            if draw > best_draw:
                chosen, best_draw = i, draw
        success = env.uniform() < probs[chosen]
        if success:
            succ[chosen] += 1
        else:
            fail[chosen] += 1
        pulls[chosen] += 1
        reward += 1 if success else 0
        regret += best - probs[chosen]
        if len(arms) < record_arms:
            arms.append(chosen)
            rewards.append(1 if success else 0)
    report = {"policy": "thompson", "rounds": rounds, "seed": seed, "pulls": pulls, "reward": reward, "regret": regret}
    return report, arms, rewards


def write(path, payload):
    full = os.path.join(HERE, path)
    with open(full, "w") as f:
        json.dump(payload, f, indent=1)
        f.write("\n")
    print("wrote", full)


def main():
    cases = []
    for seed, stream in [(0, 0), (7, 0), (7, 1), (123456789, 3)]:
        rng = Xoshiro256ss(seed, stream)
        cases.append({"seed": seed, "stream": stream, "u64_hex": [format(rng.next_u64(), "016x") for _ in range(8)]})
    write("random/xoshiro256ss.json", {
        "about": "first 8 outputs of xoshiro256** seeded by SplitMix64(seed ^ stream * 0xD1B54A32D192ED03); exact",
        "cases": cases})

    draws = []
    for kind, params in [("beta", [1.0, 1.0]), ("beta", [26.0, 6.0]), ("beta", [0.5, 0.5]), ("beta", [0.05, 2.0]),
                         ("gamma", [3.5]), ("gamma", [0.3]), ("normal", [])]:
        rng = Xoshiro256ss(42, 0)
        if kind == "beta":
            values = [beta(rng, *params) for _ in range(16)]
        elif kind == "gamma":
            values = [gamma_ge1(rng, params[0]) if params[0] >= 1 else math.exp(log_gamma_draw(rng, params[0]))
                      for _ in range(16)]
        else:
            values = [normal(rng) for _ in range(16)]
        draws.append({"kind": kind, "params": params, "seed": 42, "values": values})
    write("random/samplers.json", {
        "about": "16 draws per sampler from a fresh generator (seed 42, stream 0)",
        "relative_tolerance": 1e-12,
        "cases": draws})

    sims = []
    for probs, rounds, seed in [([0.02, 0.03, 0.05], 100000, 7), ([0.5, 0.5], 2000, 0), ([0.9, 0.1, 0.4, 0.6], 5000, 2026)]:
        report, arms, rewards = simulate(probs, rounds, seed, 500)
        sims.append({"spec": {"policy": "thompson", "probs": probs, "rounds": rounds, "seed": seed},
                     "first_arms": arms, "first_rewards": rewards, "report": report})
    write("bandits/thompson_simulation.json", {
        "about": "Thompson sampling (Beta(1,1) priors, sampler seeded with the spec seed) against Bernoulli arms: the first 500 "
                 "chosen arms and their rewards (a sampler fed those rewards must choose those arms) and the final report; "
                 "pulls and reward exact, regret within relative_tolerance",
        "relative_tolerance": 1e-12,
        "cases": sims})


if __name__ == "__main__":
    main()

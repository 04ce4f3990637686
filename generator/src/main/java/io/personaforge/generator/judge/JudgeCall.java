package io.personaforge.generator.judge;

import io.personaforge.generator.GeneratorConfig;

/**
 * One judge call: which judge, the model that answers it, the rendered prompt and the seed.
 *
 * @param judge the judge's name (part of the journal key: two judges asking the same are two calls)
 * @param model the endpoint and model that judges (one of the engine's judge models)
 * @param prompt the rendered judge prompt
 * @param seed per-persona, per-judge, per-attempt seed: sent to models that take one, so a replay
 *     asks exactly what was asked
 */
public record JudgeCall(String judge, GeneratorConfig model, String prompt, long seed) {}

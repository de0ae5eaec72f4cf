package dev.charter.perfcases;

import java.util.UUID;

/**
 * What starts an agent session. Only the code host and the repository are needed: the versions default to the
 * case's two, and the commands, runs and minimum effect to the repository's {@code .charter/perf.properties}.
 *
 * @param repository "owner/name", a repository of the installation's account
 * @param goodRef    the fast version (a tag, branch or commit); default the case's baseline version
 * @param badRef     the slow version; default the case's candidate version
 * @param build      overrides the file's {@code build} command
 * @param test       overrides {@code test}
 * @param bench      overrides {@code bench}
 * @param runs       benchmark runs per version and comparison (3 to 30)
 * @param minEffect  smallest relative change that counts (0.01 to 1)
 */
public record StartSession(UUID codeHostId, String repository, String goodRef, String badRef, String build, String test,
                           String bench, Integer runs, Double minEffect) {}

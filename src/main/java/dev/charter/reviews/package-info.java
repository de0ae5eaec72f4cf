/**
 * Reviews: a performance-review copilot on work-signal metadata and, where an organization opts in, on the
 * transcripts of customer calls its phone or meeting provider already produced. See docs/reviews-calls.md.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Reviews")
package dev.charter.reviews;

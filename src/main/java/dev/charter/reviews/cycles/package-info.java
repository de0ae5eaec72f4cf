/**
 * Reviews: people and review cycles (REV-3). A person is a member of the organization whose identities in the
 * connected tools (GitHub login, Jira account, Slack user, email addresses) an admin confirmed; a signal counts once
 * for its person however many of their identities are linked. A cycle has a name, a period, and one review per
 * reviewee with its reviewer. A draft is written from this reviewee's signals in this cycle's period only, through
 * the AI gateway or, locally, as a structured evidence summary; every sentence carries the ids of the signals it
 * rests on, and none proposes a rating.
 */
package dev.charter.reviews.cycles;

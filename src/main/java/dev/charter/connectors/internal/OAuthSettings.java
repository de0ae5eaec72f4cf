package dev.charter.connectors.internal;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The OAuth providers' endpoints and default scopes ({@code CHARTER_CONNECTORS_OAUTH_*}); an admin can override the
 * URLs per connection.
 */
@ConfigurationProperties("charter.connectors.oauth")
record OAuthSettings(
        @DefaultValue("https://github.com/login/oauth/authorize") String githubAuthorizeUrl,
        @DefaultValue("https://github.com/login/oauth/access_token") String githubTokenUrl,
        @DefaultValue("https://api.github.com") String githubApiUrl,
        @DefaultValue("repo,read:user,user:email") List<String> githubScopes,
        @DefaultValue("https://auth.atlassian.com/authorize") String jiraAuthorizeUrl,
        @DefaultValue("https://auth.atlassian.com/oauth/token") String jiraTokenUrl,
        @DefaultValue("https://api.atlassian.com") String jiraApiUrl,
        @DefaultValue("read:jira-work,read:jira-user,offline_access") List<String> jiraScopes,
        @DefaultValue("https://slack.com/oauth/v2/authorize") String slackAuthorizeUrl,
        @DefaultValue("https://slack.com/api/oauth.v2.access") String slackTokenUrl,
        @DefaultValue("https://slack.com/api") String slackApiUrl,
        @DefaultValue("channels:history,channels:read,users:read,users:read.email") List<String> slackScopes,
        @DefaultValue("https://accounts.google.com/o/oauth2/v2/auth") String gmailAuthorizeUrl,
        @DefaultValue("https://oauth2.googleapis.com/token") String gmailTokenUrl,
        @DefaultValue("https://gmail.googleapis.com") String gmailApiUrl,
        @DefaultValue("https://www.googleapis.com/auth/gmail.metadata") List<String> gmailScopes) {
}

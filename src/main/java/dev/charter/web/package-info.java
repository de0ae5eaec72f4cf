/**
 * Web shell: the layout, the dashboard, error pages and problem-detail answers shared by every
 * module's pages and API. No business logic lives here.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Web shell")
package dev.charter.web;

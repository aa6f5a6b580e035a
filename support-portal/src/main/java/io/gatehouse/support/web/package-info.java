/**
 * The support desk's console pages (Thymeleaf + htmx), rendered inside the console's one layout
 * ({@code ~{layout :: page(...)}}, from control-ui on the classpath at runtime). Customer pages are in
 * {@code web.customer}; the staff pages ({@code io.gatehouse.support.staff}) follow the same rule.
 * <p>
 * Every controller in this package tree is a page controller: the console's error advice
 * ({@code ConsoleErrors}) and its shell cover {@code io.gatehouse.support.web..}, so REST controllers
 * ({@code @ApiController}) must never live here (ModuleDependenciesTests checks it).
 */
package io.gatehouse.support.web;

/**
 * The family of expected problems, which the user can fix ({@link org.skelmae.problem.SkelmaeException}), as
 * opposed to bugs. Its Javadoc states the failure contract that the Maven plugin and the suite executors follow.
 */
package org.skelmae.problem;

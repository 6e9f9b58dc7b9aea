package org.skelmae.reports;

/**
 * An inline SVG chart of a report.
 *
 * @param title   heading
 * @param caption what it shows and how to read it
 * @param svg     the SVG markup, generated in Java (trusted, not escaped)
 */
public record Chart(String title, String caption, String svg) {
}

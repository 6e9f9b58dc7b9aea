package org.skelmae.reports;

import org.apache.velocity.app.event.ReferenceInsertionEventHandler;
import org.apache.velocity.context.Context;

/**
 * HTML-escapes every value a template inserts, so a hostile experiment or class name cannot inject
 * markup. A reference whose name starts with {@code _noescape_} (e.g. {@code $_noescape_svg}) is
 * inserted as is: only markup generated in Java goes there.
 */
public final class EscapeHtmlReference implements ReferenceInsertionEventHandler {

    @Override
    public Object referenceInsert(Context context, String reference, Object value) {
        if (value == null) {
            return null;
        }
        String r = reference.startsWith("$!") ? reference.substring(2) : reference.substring(1);
        if (r.startsWith("{")) {
            r = r.substring(1);
        }
        if (r.startsWith("_noescape_")) {
            return value;
        }
        return escape(value.toString());
    }

    static String escape(String s) {
        return org.skelmae.reports.charts.Svg.esc(s);
    }
}

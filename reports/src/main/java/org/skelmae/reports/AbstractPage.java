package org.skelmae.reports;

import org.apache.velocity.Template;
import org.apache.velocity.VelocityContext;
import org.apache.velocity.app.VelocityEngine;
import org.apache.velocity.runtime.resource.loader.ClasspathResourceLoader;

import java.io.StringWriter;
import java.util.Properties;

/**
 * One HTML page rendered from a Velocity template on the classpath, with every inserted value
 * HTML-escaped by default and strict reference checking.
 */
public abstract class AbstractPage {

    private static final VelocityEngine ENGINE = engine();

    private static VelocityEngine engine() {
        Properties p = new Properties();
        p.setProperty("resource.loaders", "class");
        p.setProperty("resource.loader.class.class", ClasspathResourceLoader.class.getName());
        p.setProperty("event_handler.reference_insertion.class", EscapeHtmlReference.class.getName());
        p.setProperty("velocimacro.library.path", "org/skelmae/reports/macros.vm");
        p.setProperty("runtime.strict_mode.enable", "true");
        p.setProperty("resource.default_encoding", "UTF-8");
        VelocityEngine e = new VelocityEngine();
        e.init(p);
        return e;
    }

    /** The classpath template of this page. */
    protected abstract String template();

    /** Puts the page's data into the context. */
    protected abstract void fill(VelocityContext context);

    /** Renders the page. */
    public String render() {
        VelocityContext ctx = new VelocityContext();
        ctx.put("fmt", new Formats());
        fill(ctx);
        Template t = ENGINE.getTemplate(template(), "UTF-8");
        StringWriter w = new StringWriter();
        t.merge(ctx, w);
        return w.toString();
    }
}

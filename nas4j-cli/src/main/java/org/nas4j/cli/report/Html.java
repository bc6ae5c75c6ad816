package org.nas4j.cli.report;

import java.util.Locale;

/** Text into HTML: escaping and the number formats of the report. */
final class Html {
    /** Shown where a value was not measured. */
    static final String NONE = "&ndash;";

    private Html() {
    }

    /** Safe in element content and in quoted attributes alike (architectures and error messages contain anything). */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** The start of a report page, through {@code <main>}: its title, and the inline style sheet. */
    static String pageStart(String title) {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<title>" + escape(title) + "</title>\n<style>\n" + ReportStyle.CSS
                + "</style>\n</head>\n<body>\n<main>\n";
    }

    /** The end of a report page: a footer that says when and from which study file it was written. */
    static String pageEnd(java.nio.file.Path file) {
        return "<footer>Written by nas4j report on " + java.time.Instant.now().truncatedTo(
                java.time.temporal.ChronoUnit.SECONDS) + " from " + escape(file.toString())
                + ".</footer>\n</main>\n</body>\n</html>\n";
    }

    /** An architecture's canonical string, escaped, that a browser may break after each comma. */
    static String architecture(String canonical) {
        return escape(canonical).replace(",", ",<wbr>");
    }

    /** A number with fixed decimals, or {@link #NONE} when it is not a number. */
    static String number(double value, int decimals) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%." + decimals + "f", value) : NONE;
    }

    /** A count with thousands separators, or {@link #NONE} when unknown (negative). */
    static String count(long value) {
        return value < 0 ? NONE : String.format(Locale.ROOT, "%,d", value);
    }

    /** Multiply-adds in millions, or {@link #NONE} when unknown. */
    static String mflops(long flops) {
        return flops < 0 ? NONE : number(flops / 1e6, 2);
    }
}

package org.nas4j.cli.report;

import java.util.List;

/** Where values fall along a chart's axis, and which of them get a tick and a label. */
interface Axis {

    /** The value's place along the axis: 0 at the start, 1 at the end. */
    double fraction(double value);

    /** The smallest value on the axis. */
    double min();

    /** The largest value on the axis. */
    double max();

    List<Double> values();

    String label(double value);
}

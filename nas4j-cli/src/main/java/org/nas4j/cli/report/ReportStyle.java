package org.nas4j.cli.report;

/**
 * The report's style sheet, inline so the page needs no other file. System fonts only: a web font would need the
 * network. The charts are inline SVG from {@link org.nas4j.charts.LineChart}, styled there.
 */
final class ReportStyle {
    static final String CSS = """
            :root { --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --accent: #0072B2;
                    --failed: #C62828; --pruned: #E69F00; }
            body { margin: 0; background: #f6f8fa; color: var(--fg);
                   font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
            main { max-width: 1180px; margin: 0 auto; padding: 24px; }
            header, section { background: #fff; border: 1px solid var(--line); border-radius: 8px;
                              padding: 16px 20px; margin-bottom: 20px; }
            h1 { font-size: 24px; margin: 0 0 12px; }
            h2 { font-size: 18px; margin: 0 0 6px; }
            h3 { font-size: 15px; margin: 18px 0 6px; }
            code, pre, .arch { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono",
                               monospace; }
            .counts { display: flex; flex-wrap: wrap; gap: 8px; margin-bottom: 12px; }
            .count { border: 1px solid var(--line); border-radius: 999px; padding: 2px 12px; font-size: 13px; }
            .count b { font-size: 15px; }
            .count.complete { border-color: #009E73; color: #00664a; }
            .count.failed { border-color: var(--failed); color: var(--failed); }
            .count.pruned { border-color: var(--pruned); color: #8a5d00; }
            .count.running, .count.total { color: var(--muted); }
            table.facts { border-collapse: collapse; }
            table.facts th { text-align: left; color: var(--muted); font-weight: 500; padding: 1px 18px 1px 0;
                             vertical-align: top; white-space: nowrap; }
            table.facts td { padding: 1px 0; }
            .best-trial { margin-top: 14px; padding: 10px 14px; border-left: 4px solid var(--accent);
                          background: #f0f7fc; }
            .best-trial h2 { font-size: 16px; margin: 0 0 2px; }
            .best-trial p { margin: 2px 0; }
            .arch { font-size: 12px; }
            details { margin-top: 12px; }
            summary { cursor: pointer; color: var(--muted); }
            pre { background: #f6f8fa; border-radius: 6px; padding: 10px; overflow: auto; font-size: 12px; }
            .note { color: var(--muted); margin: 2px 0 12px; }
            .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(340px, 1fr)); gap: 12px; }
            figure { margin: 0; }
            figure.small { border: 1px solid #eaeef2; border-radius: 6px; padding: 4px; }
            figure svg { width: 100%; height: auto; display: block; }
            table.trials { border-collapse: collapse; width: 100%; font-size: 13px; }
            table.trials th { background: #f6f8fa; text-align: left; border-bottom: 2px solid var(--line);
                              padding: 6px 8px; white-space: nowrap; }
            table.trials td { border-bottom: 1px solid #eaeef2; padding: 5px 8px; vertical-align: top;
                              white-space: nowrap; font-variant-numeric: tabular-nums; }
            table.trials td.arch, table.trials td.reason { white-space: normal; overflow-wrap: anywhere; }
            table.trials td.reason { white-space: pre-wrap; min-width: 220px; }
            td.state.failed { color: var(--failed); font-weight: 600; }
            td.state.pruned { color: #8a5d00; font-weight: 600; }
            footer { color: var(--muted); font-size: 12px; text-align: center; }
            """;

    private ReportStyle() {
    }
}

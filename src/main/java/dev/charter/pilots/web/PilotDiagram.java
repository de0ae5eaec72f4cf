package dev.charter.pilots.web;

import dev.charter.pilots.internal.PilotDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A Pilot drawn as a server-rendered SVG: the trigger, then each step in order; a router's routes as columns, each
 * step on a route in its column, and the steps on every path back in the middle, where the routes join. With a run's
 * step statuses, every box says how its step ended and the arrows the run followed are drawn strong, the others
 * faint. No script and no stylesheet of its own: the page's CSS colours the classes. Every text is escaped.
 */
final class PilotDiagram {

    private static final int BOX_W = 210;
    private static final int BOX_H = 40;
    private static final int COL_W = 230;
    private static final int ROW_H = 64;
    private static final int PAD = 12;

    private PilotDiagram() {}

    private record Node(int row, int col, String label, String sub, String status) {}

    private record Edge(int from, int to, String label) {}

    /**
     * @param statuses the run's status per step position (SUCCEEDED, SKIPPED, …), or null to draw the Pilot alone
     */
    static String svg(String triggerKind, List<PilotDefinition.Step> steps, Map<Integer, String> statuses) {
        // columns: as many as the widest router has routes (else included), the every-path steps in the middle
        Map<String, List<String>> routers = new LinkedHashMap<>();
        int cols = 1;
        for (PilotDefinition.Step s : steps) {
            if ("router".equals(s.kind())) {
                List<String> routes = new ArrayList<>();
                if (s.config() != null && s.config().get("routes") != null && s.config().get("routes").isObject()) {
                    s.config().get("routes").propertyNames().forEach(routes::add);
                }
                routes.add("else");
                routers.put(s.name(), routes);
                cols = Math.max(cols, routes.size());
            }
        }
        double middle = (cols - 1) / 2.0;
        List<Node> nodes = new ArrayList<>();
        List<Edge> edges = new ArrayList<>();
        nodes.add(new Node(0, -1, "trigger", triggerKind == null ? "" : triggerKind.toLowerCase(Locale.ROOT),
                statuses == null ? null : "SUCCEEDED"));
        Set<Integer> tails = new LinkedHashSet<>(List.of(0));
        // per open router: the last node on each of its routes, and the route label of the edge leaving it
        Map<String, Map<String, Integer>> open = new LinkedHashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            PilotDefinition.Step s = steps.get(i);
            int id = nodes.size();
            String status = statuses == null ? null : statuses.getOrDefault(i, "NOT_RUN");
            String path = s.path();
            if (path != null && path.indexOf('.') > 0 && open.containsKey(path.substring(0, path.indexOf('.')))) {
                String router = path.substring(0, path.indexOf('.'));
                String route = path.substring(path.indexOf('.') + 1);
                int col = Math.max(0, routers.get(router).indexOf(route));
                nodes.add(new Node(i + 1, col, s.name(), s.kind() + " · on " + route, status));
                Map<String, Integer> last = open.get(router);
                Integer from = last.get(route);
                edges.add(new Edge(from, id, from == routerNode(nodes, router) ? route : null));
                last.put(route, id);
                continue;
            }
            nodes.add(new Node(i + 1, -1, s.name(), "foreach".equals(s.kind()) && s.config() != null
                    && s.config().path("steps").isArray() ? "for each item: " + s.config().path("steps").size() + " steps"
                    : s.kind(), status));
            if (!open.isEmpty()) {
                // the routes join here: from the last step of each route (or the router itself, for an empty route)
                tails.clear();
                for (var e : open.entrySet()) {
                    int routerId = routerNode(nodes, e.getKey());
                    for (var r : e.getValue().entrySet()) {
                        if (r.getValue() == routerId) {
                            edges.add(new Edge(routerId, id, r.getKey()));
                        } else {
                            tails.add(r.getValue());
                        }
                    }
                }
                open.clear();
            }
            for (int t : tails) {
                edges.add(new Edge(t, id, null));
            }
            tails = new LinkedHashSet<>(List.of(id));
            if ("router".equals(s.kind())) {
                Map<String, Integer> last = new LinkedHashMap<>();
                routers.get(s.name()).forEach(r -> last.put(r, id));
                open.put(s.name(), last);
                tails.clear();
            }
        }
        // routes still open at the end: each just ends
        int width = cols * COL_W + 2 * PAD;
        int height = (steps.size() + 1) * ROW_H + PAD * 2 - (ROW_H - BOX_H);
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"pilot-diagram\" role=\"img\" viewBox=\"0 0 ")
                .append(width).append(' ').append(height).append("\" width=\"").append(width).append("\" height=\"")
                .append(height).append("\"><title>").append(esc(statuses == null ? "The Pilot's steps and routes"
                        : "The path this run took through the Pilot's steps")).append("</title>");
        svg.append("<defs><marker id=\"pd-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" "
                + "markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" "
                + "class=\"pd-arrowhead\"/></marker></defs>");
        for (Edge e : edges) {
            Node a = nodes.get(e.from());
            Node b = nodes.get(e.to());
            double x1 = cx(a, middle);
            double y1 = top(a) + BOX_H;
            double x2 = cx(b, middle);
            double y2 = top(b);
            boolean taken = statuses != null && ran(a.status()) && ran(b.status());
            String cls = statuses == null ? "pd-edge" : taken ? "pd-edge pd-taken" : "pd-edge pd-not-taken";
            svg.append("<path class=\"").append(cls).append("\" marker-end=\"url(#pd-arrow)\" d=\"M ")
                    .append(fmt(x1)).append(' ').append(fmt(y1)).append(" C ").append(fmt(x1)).append(' ')
                    .append(fmt(y1 + 18)).append(", ").append(fmt(x2)).append(' ').append(fmt(y2 - 18)).append(", ")
                    .append(fmt(x2)).append(' ').append(fmt(y2)).append("\"/>");
            if (e.label() != null) {
                svg.append("<text class=\"pd-route\" x=\"").append(fmt((x1 + x2) / 2 + 4)).append("\" y=\"")
                        .append(fmt(y1 + 14)).append("\">").append(esc(e.label())).append("</text>");
            }
        }
        for (int k = 0; k < nodes.size(); k++) {
            Node n = nodes.get(k);
            double x = cx(n, middle) - BOX_W / 2.0;
            double y = top(n);
            String cls = "pd-node" + (n.status() == null ? "" : " pd-" + n.status().toLowerCase(Locale.ROOT).replace('_', '-'));
            svg.append("<g class=\"").append(cls).append("\"").append(k == 0 ? "" : " data-step=\"" + esc(n.label()) + "\"")
                    .append(n.status() == null ? "" : " data-status=\"" + esc(n.status()) + "\"").append('>');
            svg.append("<rect x=\"").append(fmt(x)).append("\" y=\"").append(fmt(y)).append("\" width=\"").append(BOX_W)
                    .append("\" height=\"").append(BOX_H).append("\" rx=\"6\"/>");
            svg.append("<text class=\"pd-name\" x=\"").append(fmt(x + 10)).append("\" y=\"").append(fmt(y + 17))
                    .append("\">").append(esc(clip(n.label(), 28))).append("</text>");
            String sub = n.sub() + (n.status() == null ? "" : " · " + word(n.status()));
            svg.append("<text class=\"pd-kind\" x=\"").append(fmt(x + 10)).append("\" y=\"").append(fmt(y + 32))
                    .append("\">").append(esc(clip(sub, 36))).append("</text></g>");
        }
        return svg.append("</svg>").toString();
    }

    private static int routerNode(List<Node> nodes, String router) {
        for (int k = 1; k < nodes.size(); k++) {
            if (nodes.get(k).label().equals(router) && nodes.get(k).col() < 0) {
                return k;
            }
        }
        return 0;
    }

    private static boolean ran(String status) {
        return status != null && !status.equals("SKIPPED") && !status.equals("NOT_RUN") && !status.equals("PENDING");
    }

    private static String word(String status) {
        return switch (status) {
            case "NOT_RUN" -> "not run";
            default -> status.toLowerCase(Locale.ROOT);
        };
    }

    private static double cx(Node n, double middle) {
        double col = n.col() < 0 ? middle : n.col();
        return PAD + col * COL_W + COL_W / 2.0;
    }

    private static double top(Node n) {
        return PAD + n.row() * ROW_H;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String clip(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }

    /** Text and attribute values of the SVG: markup characters become entities. */
    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}

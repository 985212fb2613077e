package io.meshlens.lint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.UncheckedIOException;
import java.util.List;

/** The findings of one lint run, in file order, with the exit code and both renderings. */
public record LintResult(List<Finding> findings) {
    public LintResult {
        findings = List.copyOf(findings);
    }

    public boolean hasErrors() {
        return findings.stream().anyMatch(f -> f.severity() == Severity.ERROR);
    }

    /** 2 with an error; 1 with only warnings under {@code strict}; else 0. */
    public int exitCode(boolean strict) {
        if (hasErrors()) {
            return 2;
        }
        return strict && !findings.isEmpty() ? 1 : 0;
    }

    public List<String> rules() {
        return findings.stream().map(Finding::rule).toList();
    }

    public String toText() {
        StringBuilder sb = new StringBuilder();
        for (Finding f : findings) {
            sb.append(f.toText()).append('\n');
        }
        long errors = findings.stream().filter(f -> f.severity() == Severity.ERROR).count();
        sb.append(findings.isEmpty() ? "no findings" : errors + " error(s), " + (findings.size() - errors) + " warning(s)")
                .append('\n');
        return sb.toString();
    }

    public String toJson() {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        ArrayNode list = root.putArray("findings");
        for (Finding f : findings) {
            ObjectNode o = list.addObject();
            o.put("rule", f.rule());
            o.put("severity", f.severity().label());
            o.put("file", f.mark().source());
            o.put("line", f.mark().line());
            o.put("column", f.mark().column());
            o.put("component", f.component());
            o.put("what", f.what());
            o.put("fix", f.fix());
        }
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}

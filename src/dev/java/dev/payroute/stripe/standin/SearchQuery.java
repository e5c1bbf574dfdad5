package dev.payroute.stripe.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The part of Stripe's search query language (docs.stripe.com/search) that the PaymentIntent and
 * Charge search endpoints use, turned into a predicate over stored objects:
 *
 * <ul>
 *   <li>a clause is {@code field operator value}: {@code status:'succeeded'}, {@code amount>1000},
 *       {@code metadata['order_id']:'o-1'} (square brackets take single or double quotes);
 *   <li>{@code :} is an exact match, case-insensitive for text; numeric fields also take {@code >},
 *       {@code <}, {@code >=} and {@code <=};
 *   <li>string values must be quoted ({@code '...'} or {@code "..."}, {@code \} escapes a quote);
 *       numbers may be; {@code null} matches an empty field ({@code -metadata['k']:null}: the key is set);
 *   <li>{@code -} before a clause negates it;
 *   <li>clauses are joined by spaces or {@code AND} (all must match) or by {@code OR} (any), in any
 *       case, but AND and OR cannot be mixed in one query.
 * </ul>
 *
 * Not modelled, and refused naming {@code query}: parentheses, the substring operator {@code ~}
 * (neither resource has a field of Stripe's "string" type that takes it), fields not listed for the
 * resource. Unlike Stripe's, results include objects created a moment ago.
 */
final class SearchQuery {
  /** How a field's value is compared: Stripe's "token" (exact, case-insensitive) or "numeric". */
  enum FieldType { TOKEN, NUMERIC }

  /** A searchable field and how to read it from an object (null or missing when it is empty). */
  record Field(FieldType type, Function<ObjectNode, JsonNode> read) {
    static Field token(String path) {
      return new Field(FieldType.TOKEN, at(path));
    }

    static Field numeric(String path) {
      return new Field(FieldType.NUMERIC, at(path));
    }

    static Field token(Function<ObjectNode, JsonNode> read) {
      return new Field(FieldType.TOKEN, read);
    }

    private static Function<ObjectNode, JsonNode> at(String dottedPath) {
      String pointer = "/" + dottedPath.replace('.', '/');
      return object -> object.at(pointer);
    }
  }

  private record Clause(boolean negated, String operator, String value, Field definition, String key) {}

  private final String query;
  private final Map<String, Field> fields;
  private int pos;

  private SearchQuery(String query, Map<String, Field> fields) {
    this.query = query;
    this.fields = fields;
  }

  /** The objects {@code query} selects among those with these {@code fields}; a query Stripe or the stand-in would refuse throws. */
  static Predicate<ObjectNode> parse(String query, Map<String, Field> fields) {
    return new SearchQuery(query, fields).parse();
  }

  private Predicate<ObjectNode> parse() {
    List<Predicate<ObjectNode>> clauses = new ArrayList<>();
    String joiner = null;
    skipSpaces();
    while (pos < query.length()) {
      if (!clauses.isEmpty()) {
        Optional<String> keyword = keyword();
        if (keyword.isPresent()) {
          if (joiner != null && !joiner.equals(keyword.get())) {
            throw invalid("AND and OR cannot be combined in one query: use one or the other");
          }
          joiner = keyword.get();
          skipSpaces();
        }
      }
      clauses.add(matcher(clause()));
      skipSpaces();
    }
    if (clauses.isEmpty()) {
      throw ApiError.missingParam("query");
    }
    if ("OR".equals(joiner)) {
      return o -> clauses.stream().anyMatch(c -> c.test(o));
    }
    return o -> clauses.stream().allMatch(c -> c.test(o));
  }

  /** AND or OR (any case) followed by a space, consumed; otherwise nothing is consumed. */
  private Optional<String> keyword() {
    for (String word : new String[] {"AND", "OR"}) {
      int end = pos + word.length();
      if (query.regionMatches(true, pos, word, 0, word.length())
          && end < query.length() && Character.isWhitespace(query.charAt(end))) {
        pos = end;
        return Optional.of(word);
      }
    }
    return Optional.empty();
  }

  private Clause clause() {
    int start = pos;
    boolean negated = peek('-');
    if (negated) {
      pos++;
    }
    if (peek('(')) {
      throw invalid("parentheses are not supported by the stand-in");
    }
    int nameStart = pos;
    while (pos < query.length() && (Character.isLetterOrDigit(query.charAt(pos)) || "_.".indexOf(query.charAt(pos)) >= 0)) {
      pos++;
    }
    String field = query.substring(nameStart, pos);
    String key = null;
    if (field.equals("metadata")) {
      key = metadataKey();
    }
    if (field.isEmpty()) {
      throw invalid("expected a field name at position " + start);
    }
    Field definition = fields.get(field);
    if (definition == null) {
      throw invalid("the field " + field + " cannot be searched here (searchable: "
          + String.join(", ", fields.keySet().stream().sorted().toList()) + ")");
    }
    String operator = operator(field);
    String value = value(field);
    if (definition.type() == FieldType.TOKEN && !operator.equals(":")) {
      throw invalid(field + " takes only the exact match operator ':', not '" + operator + "'");
    }
    if (definition.type() == FieldType.NUMERIC && !value.equalsIgnoreCase("null") && !value.matches("-?\\d+")) {
      throw invalid(field + " is numeric: '" + value + "' is not a number");
    }
    return new Clause(negated, operator, value, definition, key);
  }

  /** {@code ['key']} or {@code ["key"]} right after {@code metadata}. */
  private String metadataKey() {
    if (!peek('[')) {
      throw invalid("metadata needs a key: metadata['key']:'value'");
    }
    pos++;
    String key = quoted();
    if (!peek(']')) {
      throw invalid("metadata['key'] needs its closing ]");
    }
    pos++;
    return key;
  }

  private String operator(String field) {
    for (String op : new String[] {">=", "<=", ":", ">", "<"}) {
      if (query.startsWith(op, pos)) {
        pos += op.length();
        return op;
      }
    }
    if (peek('~')) {
      throw invalid("the substring operator ~ is not supported on " + field);
    }
    throw invalid("expected an operator (:, >, <, >=, <=) after " + field);
  }

  /** A quoted string, or a bare number or {@code null}; a bare word is refused, as Stripe requires quotes. */
  private String value(String field) {
    if (peek('\'') || peek('"')) {
      return quoted();
    }
    int start = pos;
    while (pos < query.length() && !Character.isWhitespace(query.charAt(pos))) {
      pos++;
    }
    String bare = query.substring(start, pos);
    if (bare.isEmpty()) {
      throw invalid("expected a value for " + field);
    }
    if (!bare.matches("-?\\d+") && !bare.equalsIgnoreCase("null")) {
      throw invalid("the value " + bare + " for " + field + " must be quoted ('" + bare + "')");
    }
    return bare;
  }

  private String quoted() {
    char quote = query.charAt(pos++);
    StringBuilder value = new StringBuilder();
    while (pos < query.length() && query.charAt(pos) != quote) {
      char c = query.charAt(pos++);
      if (c == '\\' && pos < query.length()) {
        c = query.charAt(pos++);
      }
      value.append(c);
    }
    if (pos >= query.length()) {
      throw invalid("a quoted value is not closed");
    }
    pos++;
    return value.toString();
  }

  private Predicate<ObjectNode> matcher(Clause clause) {
    Predicate<ObjectNode> test = object -> {
      JsonNode actual = clause.key() == null
          ? clause.definition().read().apply(object)
          : object.path("metadata").path(clause.key());
      boolean empty = actual == null || actual.isMissingNode() || actual.isNull();
      if (clause.value().equalsIgnoreCase("null")) {
        return empty;
      }
      if (empty) {
        return false;
      }
      if (clause.definition().type() == FieldType.NUMERIC) {
        return compare(actual.asLong(), clause.operator(), Long.parseLong(clause.value()));
      }
      return actual.asText().toLowerCase(Locale.ROOT).equals(clause.value().toLowerCase(Locale.ROOT));
    };
    return clause.negated() ? test.negate() : test;
  }

  private static boolean compare(long actual, String operator, long wanted) {
    return switch (operator) {
      case ">" -> actual > wanted;
      case "<" -> actual < wanted;
      case ">=" -> actual >= wanted;
      case "<=" -> actual <= wanted;
      default -> actual == wanted;
    };
  }

  private boolean peek(char c) {
    return pos < query.length() && query.charAt(pos) == c;
  }

  private void skipSpaces() {
    while (pos < query.length() && Character.isWhitespace(query.charAt(pos))) {
      pos++;
    }
  }

  private ApiError invalid(String why) {
    return ApiError.invalidRequest("Invalid search query '" + query + "': " + why + ".", "query");
  }
}

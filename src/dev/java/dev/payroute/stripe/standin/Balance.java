package dev.payroute.stripe.standin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;

/**
 * The platform's available balance per currency. Simplified from Stripe: captured funds are
 * available at once and no fees are taken. Guarded by the {@link StandInState} lock.
 */
final class Balance {
  private final Map<String, Long> available = new TreeMap<>();

  void credit(String currency, long amount) {
    available.merge(currency, amount, Long::sum);
  }

  void debit(String currency, long amount) {
    available.merge(currency, -amount, Long::sum);
  }

  long available(String currency) {
    return available.getOrDefault(currency, 0L);
  }

  ObjectNode toJson() {
    ObjectNode balance = Json.object();
    balance.put("object", "balance");
    ArrayNode availableFunds = balance.putArray("available");
    available.forEach(
        (currency, amount) -> {
          ObjectNode entry = availableFunds.addObject();
          entry.put("amount", amount);
          entry.put("currency", currency);
          entry.putObject("source_types").put("card", amount);
        });
    balance.put("livemode", false);
    balance.putArray("pending");
    return balance;
  }
}

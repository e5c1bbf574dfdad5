package dev.payroute.stripe.standin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class FormDecoderTest {

  @Test
  void nestedObjectsIndexedArraysAndAppendedValues() {
    ObjectNode params = FormDecoder.decode(
        "amount=2000&metadata[order_id]=ord%201&payment_method_types[0]=card"
            + "&line_items[1][quantity]=2&line_items[0][price_data][currency]=usd"
            + "&line_items[0][price_data][product_data][name]=T%2Dshirt&expand[]=latest_charge&expand[]=customer");

    assertEquals("2000", params.get("amount").asText());
    assertEquals("ord 1", params.get("metadata").get("order_id").asText());
    assertTrue(params.get("payment_method_types").isArray());
    assertEquals("card", params.get("payment_method_types").get(0).asText());
    assertEquals("usd", params.at("/line_items/0/price_data/currency").asText());
    assertEquals("T-shirt", params.at("/line_items/0/price_data/product_data/name").asText());
    assertEquals("2", params.at("/line_items/1/quantity").asText());
    assertEquals("latest_charge", params.get("expand").get(0).asText());
    assertEquals("customer", params.get("expand").get(1).asText());
  }

  @Test
  void metadataKeysThatLookLikeIndexesStayKeys() {
    ObjectNode params = FormDecoder.decode("metadata[0]=zero&metadata[1]=one");
    assertTrue(params.get("metadata").isObject());
    assertEquals("one", params.get("metadata").get("1").asText());
  }

  @Test
  void queryAndBodyAreMergedAndEmptyValuesKept() {
    ObjectNode params = FormDecoder.decode("limit=3", "description=&confirm=true");
    assertEquals("3", params.get("limit").asText());
    assertEquals("", params.get("description").asText());
    assertEquals("true", params.get("confirm").asText());
  }

  @Test
  void malformedKeysAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> FormDecoder.decode("metadata[order=1"));
    assertThrows(IllegalArgumentException.class, () -> FormDecoder.decode("[x]=1"));
  }
}

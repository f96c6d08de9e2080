package dev.tasker.gateway.examples;

import dev.tasker.gateway.handler.DeclaredError;
import dev.tasker.gateway.handler.InputSchema;
import dev.tasker.gateway.handler.StepContext;
import dev.tasker.gateway.handler.StepHandler;
import dev.tasker.gateway.model.ErrorTypes;
import dev.tasker.gateway.model.StepExecutionResult;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The plain pattern: validates the task context's {@code cart_items} ([{sku, quantity, unit_price}]) and
 * answers {@code {validated_items, total_quantity, subtotal, currency}}. Failures are {@code validation_error},
 * never retried: {@code EMPTY_CART} (missing or empty), {@code INVALID_CART} (not a list),
 * {@code INVALID_ITEM} (an item that is not an object, has a quantity that is not a positive integer, or has
 * no price or a negative one), {@code TOO_MANY_ITEMS} (total quantity over config
 * {@code max_items_per_order}, default 100).
 */
public final class ValidateCartHandler implements StepHandler {

    private static final InputSchema SCHEMA =
            InputSchema.fromResource(ValidateCartHandler.class, "validate_cart.schema.json");
    private static final List<DeclaredError> ERRORS = List.of(
            DeclaredError.validation("EMPTY_CART", "cart_items is missing, null or empty"),
            DeclaredError.validation("INVALID_CART", "cart_items is not a list"),
            DeclaredError.validation("INVALID_ITEM", "an item has a quantity below 1 or a negative unit_price"),
            DeclaredError.validation("TOO_MANY_ITEMS", "the total quantity is over config max_items_per_order"),
            DeclaredError.validation(ExampleConfig.INVALID_CONFIG, "max_items_per_order is not a positive integer"));

    static final long DEFAULT_MAX_ITEMS = 100;

    @Override
    public String name() {
        return "validate_cart";
    }

    @Override
    public String description() {
        return "Validates cart items (quantity, price, item limit) and computes the subtotal";
    }

    @Override
    public InputSchema inputSchema() {
        return SCHEMA;
    }

    @Override
    public List<DeclaredError> errors() {
        return ERRORS;
    }

    @Override
    public StepExecutionResult call(StepContext context) {
        long maxItems = ExampleConfig.positiveLong(context, "max_items_per_order", DEFAULT_MAX_ITEMS);
        Object cart = context.getInput("cart_items");
        if (cart == null || (cart instanceof List<?> list && list.isEmpty())) {
            return invalid(context, "The cart has no items", "EMPTY_CART", Map.of());
        }
        if (!(cart instanceof List<?> items)) {
            return invalid(context, "cart_items must be a list of {sku, quantity, unit_price}", "INVALID_CART",
                    Map.of());
        }

        List<Map<String, Object>> validated = new ArrayList<>();
        long totalQuantity = 0;
        BigDecimal subtotal = BigDecimal.ZERO;
        for (int index = 0; index < items.size(); index++) {
            Object item = items.get(index);
            String problem = problemWith(item);
            if (problem != null) {
                Map<String, Object> where = new LinkedHashMap<>();
                where.put("item_index", index);
                if (item instanceof Map<?, ?> map && map.get("sku") != null) {
                    where.put("sku", String.valueOf(map.get("sku")));
                }
                return invalid(context, "Cart item " + index + " " + problem, "INVALID_ITEM", where);
            }
            Map<?, ?> map = (Map<?, ?>) item;
            long quantity = ((Number) map.get("quantity")).longValue();
            BigDecimal unitPrice = ExampleConfig.decimal(map.get("unit_price"));
            BigDecimal lineTotal = unitPrice.multiply(BigDecimal.valueOf(quantity));
            totalQuantity += quantity;
            subtotal = subtotal.add(lineTotal);

            Map<String, Object> line = new LinkedHashMap<>();
            line.put("sku", map.get("sku"));
            line.put("quantity", quantity);
            line.put("unit_price", map.get("unit_price"));
            line.put("line_total", cents(lineTotal));
            validated.add(line);
        }
        if (totalQuantity > maxItems) {
            Map<String, Object> where = new LinkedHashMap<>();
            where.put("total_quantity", totalQuantity);
            where.put("max_items_per_order", maxItems);
            return invalid(context, "The cart holds " + totalQuantity + " items; at most " + maxItems
                    + " are allowed per order", "TOO_MANY_ITEMS", where);
        }

        Map<String, Object> output = new LinkedHashMap<>();
        output.put("validated_items", validated);
        output.put("total_quantity", totalQuantity);
        output.put("subtotal", cents(subtotal));
        output.put("currency", currency(context));
        return StepExecutionResult.success(context.stepUuid(), output);
    }

    private static String problemWith(Object item) {
        if (!(item instanceof Map<?, ?> map)) {
            return "is not an object";
        }
        Object quantity = map.get("quantity");
        if (!(quantity instanceof Integer || quantity instanceof Long) || ((Number) quantity).longValue() <= 0) {
            return "needs a positive integer quantity, got " + quantity;
        }
        BigDecimal price = ExampleConfig.decimal(map.get("unit_price"));
        if (price == null || price.signum() < 0) {
            return "needs a unit_price that is a number of at least 0, got " + map.get("unit_price");
        }
        return null;
    }

    private static String currency(StepContext context) {
        Object currency = context.getInput("currency");
        return currency instanceof String text && !text.isBlank() ? text : "USD";
    }

    /** Rounded half-up to cents, as a JSON number ({@code 178.98}, {@code 129.0}). */
    private static double cents(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_UP).doubleValue();
    }

    private static StepExecutionResult invalid(StepContext context, String message, String code,
                                               Map<String, Object> details) {
        return StepExecutionResult.failure(context.stepUuid(), message, code, ErrorTypes.VALIDATION_ERROR, false,
                0, details);
    }
}

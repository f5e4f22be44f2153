package org.parloir.pstn;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToIntFunction;
import java.util.random.RandomGenerator;

/**
 * RFC 2782 order: by priority, lower first; within one priority a weighted random draw without replacement, so a
 * gateway of weight 3 comes first three times as often as one of weight 1. Weight 0 entries come only after the
 * weighted ones of their priority, in configuration order.
 */
final class WeightedOrder {

    private WeightedOrder() {
    }

    static <T> List<T> order(List<T> items, ToIntFunction<T> priority, ToIntFunction<T> weight,
                             RandomGenerator random) {
        List<T> sorted = new ArrayList<>(items);
        sorted.sort(Comparator.comparingInt(priority)); // stable: configuration order within a priority
        List<T> out = new ArrayList<>(sorted.size());
        int i = 0;
        while (i < sorted.size()) {
            int p = priority.applyAsInt(sorted.get(i));
            int j = i;
            while (j < sorted.size() && priority.applyAsInt(sorted.get(j)) == p) {
                j++;
            }
            drawAll(new ArrayList<>(sorted.subList(i, j)), weight, random, out);
            i = j;
        }
        return out;
    }

    private static <T> void drawAll(List<T> group, ToIntFunction<T> weight, RandomGenerator random, List<T> out) {
        while (!group.isEmpty()) {
            long sum = 0;
            for (T t : group) {
                sum += weight.applyAsInt(t);
            }
            if (sum == 0) {
                out.addAll(group);
                return;
            }
            long r = random.nextLong(sum) + 1; // 1..sum: each unit of weight equally likely
            long running = 0;
            for (int k = 0; k < group.size(); k++) {
                running += weight.applyAsInt(group.get(k));
                if (running >= r) {
                    out.add(group.remove(k));
                    break;
                }
            }
        }
    }
}

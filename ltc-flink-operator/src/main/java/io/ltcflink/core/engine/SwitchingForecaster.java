package io.ltcflink.core.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A cell engine whose model can change while keys keep their state: a timeline of models, each in
 * effect from an event time on, and a policy per switch for the keys whose state another model
 * built.
 *
 * <p>A record of a key is handled by the model in effect at its timestamp (at the key's last
 * timestamp, should that be later: a key never goes back to an older model). When the key's state
 * was built by another model (its {@link KeyState#modelId}), the entry's {@link SwapPolicy}
 * applies: {@link SwapPolicy#RESET} starts the key afresh (its record is a first record of the new
 * model); {@link SwapPolicy#CARRY} keeps the state and lets the new model step on from it when both
 * models have the same {@link CellKeyedForecaster#stateLayout() state layout}, and otherwise
 * resets the key ({@link Outcome.SwitchAction#CARRY_FALLBACK}). The outcome says which ({@link
 * Outcome#switchAction()}), once per key and switch, and names the model that handled the record.
 *
 * <p>Models join with {@link #schedule}: from an effective event time on, or for every record from
 * now on (no effective time: what was scheduled before is superseded). Entries that the watermark
 * has left behind are dropped with {@link #prune}. Every model must take readings of the same
 * width ({@link #problem}). Not thread-safe, like every engine; only {@link #activeModel()} may be
 * read from another thread.
 */
public final class SwitchingForecaster implements KeyedForecaster<KeyState> {

    /** One model of the timeline. */
    public static final class Entry {
        private final long effective;
        private final String modelId;
        private final CellKeyedForecaster engine;
        private final SwapPolicy policy;
        private final long sequence;

        Entry(long effective, CellKeyedForecaster engine, SwapPolicy policy, long sequence) {
            this.effective = effective;
            this.modelId = engine.modelId();
            this.engine = engine;
            this.policy = policy;
            this.sequence = sequence;
        }

        /** From this event time on (epoch ms; {@link Long#MIN_VALUE}: for every record). */
        public long effective() {
            return effective;
        }

        public String modelId() {
            return modelId;
        }

        public SwapPolicy policy() {
            return policy;
        }

        /** The caller's number for the entry (the initial model's is −1). */
        public long sequence() {
            return sequence;
        }
    }

    /** What is known of a model id: its state layout and its content. */
    private record Known(String layout, String contentId) {}

    private final int channels;
    private final List<Entry> entries = new ArrayList<>();
    private final Map<String, Known> known = new HashMap<>();
    private Entry current;
    private long latest = Long.MIN_VALUE;
    private volatile String active;
    private Runnable onSwitch = () -> {};

    /**
     * A timeline that starts with {@code initial} for every record.
     *
     * @param contentId the content id of {@code initial}'s model (its file's digest)
     * @param policy the policy for keys whose state another model built
     */
    public SwitchingForecaster(CellKeyedForecaster initial, String contentId, SwapPolicy policy) {
        this.channels = initial.channels();
        Entry e = new Entry(Long.MIN_VALUE, initial, policy, -1);
        entries.add(e);
        known.put(e.modelId, new Known(initial.stateLayout(), contentId));
        current = e;
        active = e.modelId;
    }

    /** Called (on the engine's thread) each time the model in effect changes. */
    public void onSwitch(Runnable listener) {
        this.onSwitch = listener;
    }

    /**
     * Why {@code engine} (for the model with content id {@code contentId}) cannot join this
     * timeline, or null if it can: its readings must have this timeline's width, and a model id
     * names one model's content only.
     */
    public String problem(CellKeyedForecaster engine, String contentId) {
        if (engine.channels() != channels) {
            return String.format("model %s takes readings of %d values; this operator's have %d",
                    engine.modelId(), engine.channels(), channels);
        }
        Known k = known.get(engine.modelId());
        if (k != null && !k.contentId.equals(contentId)) {
            return String.format("model id %s already names another model (content %s, not %s)",
                    engine.modelId(), k.contentId, contentId);
        }
        return null;
    }

    /**
     * Puts {@code engine} into effect from {@code effective} on (epoch ms), or, when it is null,
     * for every record from now on (the entries scheduled before are dropped).
     *
     * @throws IllegalArgumentException if {@link #problem} finds one
     */
    public void schedule(Long effective, CellKeyedForecaster engine, String contentId,
            SwapPolicy policy, long sequence) {
        String problem = problem(engine, contentId);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        known.put(engine.modelId(), new Known(engine.stateLayout(), contentId));
        if (effective == null) {
            entries.clear();
            entries.add(new Entry(Long.MIN_VALUE, engine, policy, sequence));
        } else {
            int i = 0;
            while (i < entries.size() && entries.get(i).effective < effective) {
                i++;
            }
            if (i < entries.size() && entries.get(i).effective == effective) {
                entries.set(i, new Entry(effective, engine, policy, sequence));
            } else {
                entries.add(i, new Entry(effective, engine, policy, sequence));
            }
        }
        updateActive();
    }

    /**
     * Drops the entries superseded at or before {@code watermark} (no record at or before it is
     * handled any more in event-time order; in arrival order, such a record is handled by the
     * model in effect at the watermark).
     *
     * @return the dropped entries
     */
    public List<Entry> prune(long watermark) {
        List<Entry> gone = new ArrayList<>();
        while (entries.size() > 1 && entries.get(1).effective <= watermark) {
            gone.add(entries.remove(0));
        }
        return gone;
    }

    /** The timeline, earliest first. */
    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    /**
     * The id of the model in effect: at the latest timestamp this engine has handled (or for
     * every record, before the first).
     */
    public String activeModel() {
        return active;
    }

    /** The entry in effect at {@code timestamp}. */
    Entry at(long timestamp) {
        Entry e = entries.get(0);
        for (int i = 1; i < entries.size() && entries.get(i).effective <= timestamp; i++) {
            e = entries.get(i);
        }
        return e;
    }

    private void updateActive() {
        Entry e = at(latest);
        if (!e.modelId.equals(active)) {
            active = e.modelId;
            onSwitch.run();
        }
    }

    @Override
    public int channels() {
        return channels;
    }

    @Override
    public int[] targets() {
        return current.engine.targets();
    }

    @Override
    public KeyState onRecord(KeyState s, long timestamp, double[] values) {
        if (s != null && timestamp < s.lastTimestamp) {
            // Late in arrival order: nothing changes, whichever model is in effect.
            Entry e = at(s.lastTimestamp);
            current = e;
            Outcome out = e.engine.outcome();
            out.reset();
            out.kind = Outcome.Kind.LATE;
            out.lastTimestamp = s.lastTimestamp;
            return null;
        }
        Entry e = at(timestamp);
        Outcome.SwitchAction action = Outcome.SwitchAction.NONE;
        if (s != null && !e.modelId.equals(s.modelId)) {
            if (e.policy.carries()) {
                Known k = s.modelId == null ? null : known.get(s.modelId);
                if (k != null && k.layout.equals(e.engine.stateLayout())) {
                    s.modelId = e.modelId;
                    if (e.policy == SwapPolicy.CARRY_WARM) {
                        e.engine.restartStatistics(s);
                    }
                    action = Outcome.SwitchAction.CARRY;
                } else {
                    action = Outcome.SwitchAction.CARRY_FALLBACK;
                }
            } else {
                action = Outcome.SwitchAction.RESET;
            }
        }
        current = e;
        // A state of another model is reset by the engine itself (it is not its own).
        KeyState next = e.engine.onRecord(s, timestamp, values);
        e.engine.outcome().switchAction = action;
        if (timestamp > latest) {
            latest = timestamp;
            updateActive();
        }
        return next;
    }

    @Override
    public Outcome outcome() {
        return current.engine.outcome();
    }
}

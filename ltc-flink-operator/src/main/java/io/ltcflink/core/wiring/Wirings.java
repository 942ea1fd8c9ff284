package io.ltcflink.core.wiring;

import static io.ltcflink.core.Checks.requireArgument;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * Static factories for {@link Wiring}: the ncps wirings {@code FullyConnected}, {@code NCP} and
 * {@code AutoNCP}, drawn seed-for-seed as ncps 1.0.1 draws them, and explicit wirings read from or
 * written to JSON.
 *
 * <p>The random factories call ncps' constructor and {@code build(inputDim)} in one go, so {@code
 * inputDim} (the number of input features S) is a parameter of each.
 */
public final class Wirings {

    /** ncps' default {@code erev_init_seed} of {@code FullyConnected}. */
    public static final long DEFAULT_FULLY_CONNECTED_SEED = 1111L;

    /** ncps' default {@code seed} of {@code NCP} and {@code AutoNCP}. */
    public static final long DEFAULT_NCP_SEED = 22222L;

    /** ncps' default {@code sparsity_level} of {@code AutoNCP}. */
    public static final double DEFAULT_SPARSITY_LEVEL = 0.5;

    /** The class name given to a wiring read from JSON without a {@code class} key. */
    static final String EXPLICIT_CLASS = "Explicit";

    static final String KEY_CLASS = "class";
    static final String KEY_UNITS = "units";
    static final String KEY_INPUT_DIM = "input_dim";
    static final String KEY_OUTPUT_DIM = "output_dim";
    static final String KEY_OUTPUT_DIM_CAMEL = "outputDim";
    static final String KEY_ADJACENCY = "adjacency_matrix";
    static final String KEY_SENSORY_ADJACENCY = "sensory_adjacency_matrix";
    static final String KEY_SYNAPSE_COUNT = "synapse_count";
    static final String KEY_SENSORY_SYNAPSE_COUNT = "sensory_synapse_count";
    static final String KEY_LAYERS = "layers";

    private static final int[] NCP_POLARITIES = {-1, 1};
    private static final int[] FULLY_CONNECTED_POLARITIES = {-1, 1, 1};
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Wirings() {}

    // ---------------------------------------------------------------------------------------------
    // FullyConnected

    /**
     * ncps {@code FullyConnected(units, output_dim)} built for {@code inputDim} inputs, with the
     * default erev seed 1111 and self connections.
     */
    public static Wiring fullyConnected(int units, int outputDim, int inputDim) {
        return fullyConnected(units, outputDim, inputDim, DEFAULT_FULLY_CONNECTED_SEED, true);
    }

    /**
     * ncps {@code FullyConnected(units, output_dim, erev_init_seed, self_connections)} built for
     * {@code inputDim} inputs: every synapse exists (except self connections when disabled), with
     * polarity −1 with probability 1/3 and +1 with probability 2/3, drawn from {@code
     * numpy.random.default_rng(erevInitSeed)}: neuron synapses first (source-major), then sensory
     * synapses from the same stream.
     *
     * @param units number of neurons N, at least 1
     * @param outputDim number of motor neurons M, in {@code [1, units]} (ncps' {@code None} is
     *     {@code units})
     * @param inputDim number of inputs S, at least 1
     * @param erevInitSeed non-negative seed
     * @param selfConnections whether neuron i has a synapse onto itself
     */
    public static Wiring fullyConnected(
            int units, int outputDim, int inputDim, long erevInitSeed, boolean selfConnections) {
        requireArgument(units >= 1, "units must be at least 1: %s", units);
        requireArgument(
                outputDim >= 1 && outputDim <= units,
                "output_dim must be in [1, %s] (units): %s",
                units,
                outputDim);
        requireArgument(inputDim >= 1, "input_dim must be at least 1: %s", inputDim);
        requireArgument(erevInitSeed >= 0, "erev_init_seed must be non-negative: %s", erevInitSeed);

        NumpyGenerator rng = new NumpyGenerator(erevInitSeed);
        int[][] adjacency = new int[units][units];
        for (int src = 0; src < units; src++) {
            for (int dest = 0; dest < units; dest++) {
                if (src == dest && !selfConnections) {
                    continue;
                }
                adjacency[src][dest] = rng.choice(FULLY_CONNECTED_POLARITIES);
            }
        }
        int[][] sensory = new int[inputDim][units];
        for (int src = 0; src < inputDim; src++) {
            for (int dest = 0; dest < units; dest++) {
                sensory[src][dest] = rng.choice(FULLY_CONNECTED_POLARITIES);
            }
        }
        return new Wiring(
                "FullyConnected", adjacency, sensory, outputDim, List.of(ids(0, units)));
    }

    // ---------------------------------------------------------------------------------------------
    // NCP and AutoNCP

    /**
     * ncps {@code NCP(inter, command, motor, sensory_fanout, inter_fanout,
     * recurrent_command_synapses, motor_fanin, seed)} built for {@code inputDim} inputs, drawing
     * from {@code numpy.random.RandomState(seed)} in ncps' order.
     *
     * <p>Neuron ids: motor {@code [0, motor)}, command {@code [motor, motor + command)}, inter
     * {@code [motor + command, N)}; layers are {@code [inter, command, motor]}.
     *
     * @param inter number of inter neurons I, at least 1
     * @param command number of command neurons C, at least 1
     * @param motor number of motor neurons M (the output size), at least 1
     * @param sensoryFanout inter neurons each input reaches, in {@code [1, inter]}
     * @param interFanout command neurons each inter neuron reaches, in {@code [1, command]}
     * @param recurrentCommandSynapses number of random command-to-command draws, at least 0
     *     (duplicates overwrite, so fewer synapses may result)
     * @param motorFanin command neurons reaching each motor neuron, in {@code [1, command]}
     * @param inputDim number of inputs S, at least 1
     * @param seed in {@code [0, 2^32 - 1]}; ncps' default is 22222
     */
    public static Wiring ncp(
            int inter,
            int command,
            int motor,
            int sensoryFanout,
            int interFanout,
            int recurrentCommandSynapses,
            int motorFanin,
            int inputDim,
            long seed) {
        return ncp(
                "NCP",
                inter,
                command,
                motor,
                sensoryFanout,
                interFanout,
                recurrentCommandSynapses,
                motorFanin,
                inputDim,
                seed);
    }

    /**
     * ncps {@code AutoNCP(units, output_size)} built for {@code inputDim} inputs, with the default
     * sparsity level 0.5 and seed 22222.
     */
    public static Wiring autoNcp(int units, int outputSize, int inputDim) {
        return autoNcp(units, outputSize, DEFAULT_SPARSITY_LEVEL, inputDim, DEFAULT_NCP_SEED);
    }

    /**
     * ncps {@code AutoNCP(units, output_size, sparsity_level, seed)} built for {@code inputDim}
     * inputs: an {@link #ncp NCP} whose sizes follow from {@code units} and the sparsity level,
     * with density d = 1 − sparsityLevel:
     *
     * <pre>
     * command = max(int(0.4 * (units - outputSize)), 1)    inter = units - outputSize - command
     * sensory_fanout = max(int(inter * d), 1)              inter_fanout = max(int(command * d), 1)
     * recurrent = max(int(command * d * 2), 1)             motor_fanin = max(int(command * d), 1)
     * </pre>
     *
     * where {@code int} truncates toward zero, as in Python.
     *
     * @param units number of neurons N; {@code outputSize < units - 2}
     * @param outputSize number of motor neurons M, at least 1
     * @param sparsityLevel in {@code [0.1, 1.0]}
     * @param inputDim number of inputs S, at least 1
     * @param seed in {@code [0, 2^32 - 1]}
     */
    public static Wiring autoNcp(
            int units, int outputSize, double sparsityLevel, int inputDim, long seed) {
        requireArgument(outputSize >= 1, "output_size must be at least 1: %s", outputSize);
        requireArgument(
                outputSize < units - 2,
                "output_size must be less than units - 2 (units %s, output_size %s)",
                units,
                outputSize);
        requireArgument(
                sparsityLevel >= 0.1 && sparsityLevel <= 1.0,
                "sparsity_level must be in [0.1, 1.0]: %s",
                sparsityLevel);
        double density = 1.0 - sparsityLevel;
        int interAndCommand = units - outputSize;
        int command = Math.max((int) (0.4 * interAndCommand), 1);
        int inter = interAndCommand - command;
        int sensoryFanout = Math.max((int) (inter * density), 1);
        int interFanout = Math.max((int) (command * density), 1);
        int recurrent = Math.max((int) (command * density * 2), 1);
        int motorFanin = Math.max((int) (command * density), 1);
        return ncp(
                "AutoNCP",
                inter,
                command,
                outputSize,
                sensoryFanout,
                interFanout,
                recurrent,
                motorFanin,
                inputDim,
                seed);
    }

    private static Wiring ncp(
            String className,
            int inter,
            int command,
            int motor,
            int sensoryFanout,
            int interFanout,
            int recurrentCommandSynapses,
            int motorFanin,
            int inputDim,
            long seed) {
        requireArgument(inter >= 1, "inter_neurons must be at least 1: %s", inter);
        requireArgument(command >= 1, "command_neurons must be at least 1: %s", command);
        requireArgument(motor >= 1, "motor_neurons must be at least 1: %s", motor);
        requireArgument(
                sensoryFanout >= 1 && sensoryFanout <= inter,
                "sensory_fanout must be in [1, %s] (the number of inter neurons): %s",
                inter,
                sensoryFanout);
        requireArgument(
                interFanout >= 1 && interFanout <= command,
                "inter_fanout must be in [1, %s] (the number of command neurons): %s",
                command,
                interFanout);
        requireArgument(
                recurrentCommandSynapses >= 0,
                "recurrent_command_synapses must be non-negative: %s",
                recurrentCommandSynapses);
        requireArgument(
                motorFanin >= 1 && motorFanin <= command,
                "motor_fanin must be in [1, %s] (the number of command neurons): %s",
                command,
                motorFanin);
        requireArgument(inputDim >= 1, "input_dim must be at least 1: %s", inputDim);
        requireArgument(
                seed >= 0 && seed <= 0xFFFFFFFFL, "seed must be in [0, 2^32 - 1]: %s", seed);

        int units = inter + command + motor;
        int[] motorIds = range(0, motor);
        int[] commandIds = range(motor, motor + command);
        int[] interIds = range(motor + command, units);
        int[] sensoryIds = range(0, inputDim);
        int[][] adjacency = new int[units][units];
        int[][] sensory = new int[inputDim][units];
        RandomState rng = new RandomState(seed);

        // 1. sensory -> inter: each input reaches sensoryFanout inter neurons; inter neurons left
        // unreached get a mean fan-in of inputs.
        boolean[] reached = new boolean[units];
        for (int src : sensoryIds) {
            for (int dest : rng.choice(interIds, sensoryFanout)) {
                reached[dest] = true;
                sensory[src][dest] = rng.choice(NCP_POLARITIES);
            }
        }
        int interFanin = meanFan(inputDim, sensoryFanout, inter, inputDim);
        for (int dest : interIds) {
            if (!reached[dest]) {
                for (int src : rng.choice(sensoryIds, interFanin)) {
                    sensory[src][dest] = rng.choice(NCP_POLARITIES);
                }
            }
        }

        // 2. inter -> command, the same pattern.
        for (int src : interIds) {
            for (int dest : rng.choice(commandIds, interFanout)) {
                reached[dest] = true;
                adjacency[src][dest] = rng.choice(NCP_POLARITIES);
            }
        }
        int commandFanin = meanFan(inter, interFanout, command, command);
        for (int dest : commandIds) {
            if (!reached[dest]) {
                for (int src : rng.choice(interIds, commandFanin)) {
                    adjacency[src][dest] = rng.choice(NCP_POLARITIES);
                }
            }
        }

        // 3. recurrent command synapses; a repeated pair overwrites the earlier polarity.
        for (int i = 0; i < recurrentCommandSynapses; i++) {
            int src = rng.choice(commandIds);
            int dest = rng.choice(commandIds);
            adjacency[src][dest] = rng.choice(NCP_POLARITIES);
        }

        // 4. command -> motor: each motor neuron gets motorFanin command neurons; command neurons
        // left unused get a mean fan-out of motor neurons.
        boolean[] used = new boolean[units];
        for (int dest : motorIds) {
            for (int src : rng.choice(commandIds, motorFanin)) {
                used[src] = true;
                adjacency[src][dest] = rng.choice(NCP_POLARITIES);
            }
        }
        int commandFanout = meanFan(motor, motorFanin, command, motor);
        for (int src : commandIds) {
            if (!used[src]) {
                for (int dest : rng.choice(motorIds, commandFanout)) {
                    adjacency[src][dest] = rng.choice(NCP_POLARITIES);
                }
            }
        }

        List<List<Integer>> layers =
                List.of(
                        ids(motor + command, units),
                        ids(motor, motor + command),
                        ids(0, motor));
        return new Wiring(className, adjacency, sensory, motor, layers);
    }

    /** ncps' {@code np.clip(int(a * b / c), 1, max)}, with Python's true division. */
    private static int meanFan(int a, int b, int c, int max) {
        int mean = (int) ((double) ((long) a * b) / c);
        return Math.min(Math.max(mean, 1), max);
    }

    private static int[] range(int from, int to) {
        int[] r = new int[to - from];
        for (int i = 0; i < r.length; i++) {
            r[i] = from + i;
        }
        return r;
    }

    private static List<Integer> ids(int from, int to) {
        List<Integer> r = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            r.add(i);
        }
        return r;
    }

    // ---------------------------------------------------------------------------------------------
    // JSON

    /**
     * Reads a wiring from a JSON file in the layout of {@link #fromJson}.
     *
     * @throws IllegalArgumentException if the file is not valid JSON or not a valid wiring; the
     *     message starts with the path
     * @throws IOException if the file cannot be read
     */
    public static Wiring fromFile(Path path) throws IOException {
        JsonNode node;
        try (InputStream in = Files.newInputStream(path)) {
            node = MAPPER.readTree(in);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    String.format("%s: not valid JSON: %s", path, e.getOriginalMessage()), e);
        }
        try {
            return fromJson(node);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(String.format("%s: %s", path, e.getMessage()), e);
        }
    }

    /**
     * Reads an explicit wiring from a JSON object, the layout of the {@code wiring} blocks of the
     * reference dumps (and of {@link #toJson}).
     *
     * <ul>
     *   <li>{@code adjacency_matrix} (required): N×N of −1/0/1, [source][destination]
     *   <li>{@code sensory_adjacency_matrix} (required): S×N of −1/0/1, [input][destination]
     *   <li>{@code output_dim} or {@code outputDim} (required): M in {@code [1, N]}
     *   <li>{@code class} (optional, default {@code "Explicit"}) and {@code layers} (optional:
     *       lists of distinct neuron ids in {@code [0, N)}, default none)
     *   <li>{@code units}, {@code input_dim}, {@code synapse_count}, {@code
     *       sensory_synapse_count} (optional): if present they must agree with the matrices
     * </ul>
     *
     * Other keys are ignored.
     *
     * @throws IllegalArgumentException naming the key and the expected and actual shape or value
     */
    public static Wiring fromJson(JsonNode node) {
        Objects.requireNonNull(node, "node");
        requireArgument(
                node.isObject(), "a wiring must be a JSON object but found %s", node.getNodeType());

        int[][] adjacency = readMatrix(node, KEY_ADJACENCY, -1);
        int units = adjacency.length;
        int[][] sensory = readMatrix(node, KEY_SENSORY_ADJACENCY, units);
        int outputDim = readOutputDim(node, units);

        String className = EXPLICIT_CLASS;
        if (node.hasNonNull(KEY_CLASS)) {
            JsonNode c = node.get(KEY_CLASS);
            requireArgument(
                    c.isTextual(), "%s must be a string but found %s", KEY_CLASS, c.getNodeType());
            className = c.textValue();
        }
        List<List<Integer>> layers = readLayers(node, units);

        Wiring wiring = new Wiring(className, adjacency, sensory, outputDim, layers);
        checkDeclared(node, KEY_UNITS, units, "rows in " + KEY_ADJACENCY);
        checkDeclared(node, KEY_INPUT_DIM, wiring.inputDim(), "rows in " + KEY_SENSORY_ADJACENCY);
        checkDeclared(
                node,
                KEY_SYNAPSE_COUNT,
                wiring.synapseCount(),
                "non-zero entries in " + KEY_ADJACENCY);
        checkDeclared(
                node,
                KEY_SENSORY_SYNAPSE_COUNT,
                wiring.sensorySynapseCount(),
                "non-zero entries in " + KEY_SENSORY_ADJACENCY);
        return wiring;
    }

    /**
     * Writes a wiring as a JSON object that {@link #fromJson} reads back to an equal wiring (same
     * class name and layers too): {@code class, units, input_dim, output_dim, adjacency_matrix,
     * sensory_adjacency_matrix, synapse_count, sensory_synapse_count, layers}.
     */
    public static ObjectNode toJson(Wiring wiring) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode node = f.objectNode();
        node.put(KEY_CLASS, wiring.className());
        node.put(KEY_UNITS, wiring.units());
        node.put(KEY_INPUT_DIM, wiring.inputDim());
        node.put(KEY_OUTPUT_DIM, wiring.outputDim());
        node.set(KEY_ADJACENCY, matrixNode(f, wiring.adjacencyMatrix()));
        node.set(KEY_SENSORY_ADJACENCY, matrixNode(f, wiring.sensoryAdjacencyMatrix()));
        node.put(KEY_SYNAPSE_COUNT, wiring.synapseCount());
        node.put(KEY_SENSORY_SYNAPSE_COUNT, wiring.sensorySynapseCount());
        ArrayNode layers = node.putArray(KEY_LAYERS);
        for (List<Integer> layer : wiring.layers()) {
            ArrayNode l = layers.addArray();
            for (int id : layer) {
                l.add(id);
            }
        }
        return node;
    }

    private static ArrayNode matrixNode(JsonNodeFactory f, int[][] m) {
        ArrayNode rows = f.arrayNode(m.length);
        for (int[] row : m) {
            ArrayNode r = rows.addArray();
            for (int v : row) {
                r.add(v);
            }
        }
        return rows;
    }

    private static JsonNode required(JsonNode node, String key) {
        JsonNode v = node.get(key);
        requireArgument(
                v != null && !v.isNull(),
                "missing required key '%s' (present keys: %s)",
                key,
                fieldNames(node));
        return v;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    /**
     * Reads an int matrix of −1/0/1 under {@code key}; {@code columns < 0} means square (as many
     * columns as rows).
     */
    private static int[][] readMatrix(JsonNode node, String key, int columns) {
        JsonNode m = required(node, key);
        requireArgument(
                m.isArray(), "%s must be an array of rows but found %s", key, m.getNodeType());
        requireArgument(m.size() >= 1, "%s must have at least one row but has none", key);
        int cols = columns < 0 ? m.size() : columns;
        String shape =
                columns < 0
                        ? String.format("N x N with N = %s rows", cols)
                        : String.format("S x N with N = %s units", cols);
        int[][] out = new int[m.size()][cols];
        for (int i = 0; i < m.size(); i++) {
            JsonNode row = m.get(i);
            requireArgument(
                    row.isArray(),
                    "%s row %s must be an array but found %s",
                    key,
                    i,
                    row.getNodeType());
            requireArgument(
                    row.size() == cols,
                    "%s row %s: expected %s columns (%s) but found %s",
                    key,
                    i,
                    cols,
                    shape,
                    row.size());
            for (int j = 0; j < cols; j++) {
                JsonNode v = row.get(j);
                requireArgument(
                        v.isIntegralNumber() && v.canConvertToInt(),
                        "%s[%s][%s] must be an integer -1, 0 or 1 but found %s",
                        key,
                        i,
                        j,
                        v);
                int value = v.intValue();
                requireArgument(
                        value >= -1 && value <= 1,
                        "%s[%s][%s] must be -1, 0 or 1 but found %s",
                        key,
                        i,
                        j,
                        value);
                out[i][j] = value;
            }
        }
        return out;
    }

    private static int readOutputDim(JsonNode node, int units) {
        JsonNode snake = node.get(KEY_OUTPUT_DIM);
        JsonNode camel = node.get(KEY_OUTPUT_DIM_CAMEL);
        boolean hasSnake = snake != null && !snake.isNull();
        boolean hasCamel = camel != null && !camel.isNull();
        requireArgument(
                hasSnake || hasCamel,
                "missing required key '%s' (or '%s') (present keys: %s)",
                KEY_OUTPUT_DIM,
                KEY_OUTPUT_DIM_CAMEL,
                fieldNames(node));
        if (hasSnake && hasCamel) {
            requireArgument(
                    snake.equals(camel),
                    "%s (%s) and %s (%s) disagree",
                    KEY_OUTPUT_DIM,
                    snake,
                    KEY_OUTPUT_DIM_CAMEL,
                    camel);
        }
        String key = hasSnake ? KEY_OUTPUT_DIM : KEY_OUTPUT_DIM_CAMEL;
        JsonNode v = hasSnake ? snake : camel;
        requireArgument(
                v.isIntegralNumber() && v.canConvertToInt(),
                "%s must be an integer but found %s",
                key,
                v);
        int outputDim = v.intValue();
        requireArgument(
                outputDim >= 1 && outputDim <= units,
                "%s must be in [1, %s] (units) but found %s",
                key,
                units,
                outputDim);
        return outputDim;
    }

    private static List<List<Integer>> readLayers(JsonNode node, int units) {
        List<List<Integer>> layers = new ArrayList<>();
        if (!node.hasNonNull(KEY_LAYERS)) {
            return layers;
        }
        JsonNode ls = node.get(KEY_LAYERS);
        requireArgument(
                ls.isArray(),
                "%s must be an array of neuron-id arrays but found %s",
                KEY_LAYERS,
                ls.getNodeType());
        boolean[] seen = new boolean[units];
        for (int i = 0; i < ls.size(); i++) {
            JsonNode l = ls.get(i);
            requireArgument(
                    l.isArray(),
                    "%s[%s] must be an array of neuron ids but found %s",
                    KEY_LAYERS,
                    i,
                    l.getNodeType());
            List<Integer> layer = new ArrayList<>(l.size());
            for (int j = 0; j < l.size(); j++) {
                JsonNode v = l.get(j);
                requireArgument(
                        v.isIntegralNumber() && v.canConvertToInt(),
                        "%s[%s][%s] must be an integer neuron id but found %s",
                        KEY_LAYERS,
                        i,
                        j,
                        v);
                int id = v.intValue();
                requireArgument(
                        id >= 0 && id < units,
                        "%s[%s][%s] must be a neuron id in [0, %s) but found %s",
                        KEY_LAYERS,
                        i,
                        j,
                        units,
                        id);
                requireArgument(
                        !seen[id], "%s: neuron %s appears more than once", KEY_LAYERS, id);
                seen[id] = true;
                layer.add(id);
            }
            layers.add(layer);
        }
        return layers;
    }

    private static void checkDeclared(JsonNode node, String key, int actual, String what) {
        if (!node.hasNonNull(key)) {
            return;
        }
        JsonNode v = node.get(key);
        requireArgument(
                v.isIntegralNumber() && v.canConvertToInt() && v.intValue() == actual,
                "%s is %s but there are %s %s",
                key,
                v,
                actual,
                what);
    }
}

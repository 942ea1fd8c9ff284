package io.ltcflink.core.wiring;

import static io.ltcflink.core.Checks.requireArgument;

import java.util.ArrayList;
import java.util.List;

/**
 * Static factories for {@link Wiring}: the ncps wirings {@code FullyConnected}, {@code NCP} and
 * {@code AutoNCP}, drawn seed-for-seed as ncps 1.0.1 draws them.
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

    private static final int[] NCP_POLARITIES = {-1, 1};
    private static final int[] FULLY_CONNECTED_POLARITIES = {-1, 1, 1};

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
}

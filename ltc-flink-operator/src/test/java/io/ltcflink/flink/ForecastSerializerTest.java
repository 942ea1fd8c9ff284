package io.ltcflink.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * Tests for {@link ForecastSerializer}: Flink's own serializer test suite (copy, serialise,
 * sequences, snapshot, duplicate) plus what it does not check.
 */
final class ForecastSerializerTest extends SerializerTestBase<Forecast> {

    @Override
    protected TypeSerializer<Forecast> createSerializer() {
        return ForecastSerializer.INSTANCE;
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<Forecast> getTypeClass() {
        return Forecast.class;
    }

    @Override
    protected Forecast[] getTestData() {
        Forecast first = forecast("pump-1", 1_764_300_000_000L, 0, new double[0], new double[] {3.5},
                new double[0], 0, false, Forecast.FIRST);
        Forecast regular = forecast("pump-1", 1_764_300_000_750L, 0.75, new double[] {3.25},
                new double[] {3.5}, new double[] {0.25}, 0.125, false, 0);
        Forecast alert = forecast("Ünïcode-κλειδί", Long.MAX_VALUE, 1e9, new double[] {-0.0, 1e300},
                new double[] {Double.MIN_VALUE, -1e-300}, new double[] {1, 2}, 1.0, true,
                Forecast.RESET | Forecast.LONG_GAP);
        Forecast empty = new Forecast();
        return new Forecast[] {first, regular, alert, empty};
    }

    private static Forecast forecast(String key, long t, double dt, double[] y, double[] x,
            double[] r, double score, boolean alert, int flags) {
        Forecast f = new Forecast();
        f.key = key;
        f.timestamp = t;
        f.dt = dt;
        f.forecast = y;
        f.actual = x;
        f.residual = r;
        f.score = score;
        f.alert = alert;
        f.flags = flags;
        return f;
    }

    @Test
    void typeInformation_ofForecast_isThisSerializer() {
        TypeInformation<Forecast> info = TypeInformation.of(Forecast.class);
        assertThat(info).isEqualTo(ForecastTypeInfo.INSTANCE);
        assertThat(info.createSerializer(new SerializerConfigImpl()))
                .isSameAs(ForecastSerializer.INSTANCE);
    }

    @Test
    void cpuNanos_survivesCopyAndRoundTrip() throws IOException {
        // equals ignores the measurement, so the suite above cannot see it
        Forecast f = getTestData()[1];
        f.cpuNanos = 123_456_789L;
        assertThat(ForecastSerializer.INSTANCE.copy(f).cpuNanos).isEqualTo(123_456_789L);
        DataOutputSerializer out = new DataOutputSerializer(64);
        ForecastSerializer.INSTANCE.serialize(f, out);
        Forecast back = ForecastSerializer.INSTANCE.deserialize(
                new DataInputDeserializer(out.getCopyOfBuffer()));
        assertThat(back.cpuNanos).isEqualTo(123_456_789L);
        assertThat(back).isEqualTo(f);
    }

    @Test
    void copy_isDeep() {
        Forecast f = getTestData()[1];
        Forecast c = ForecastSerializer.INSTANCE.copy(f);
        c.forecast[0] = 42;
        assertThat(f.forecast[0]).isEqualTo(3.25);
    }

    @Test
    void corruptArrayLength_failsWithTheLength() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        out.writeBoolean(false);
        out.writeLong(1L);
        out.writeDouble(0.5);
        out.writeInt(-7);
        assertThatThrownBy(() -> ForecastSerializer.INSTANCE.deserialize(
                new DataInputDeserializer(out.getCopyOfBuffer())))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("array length -7");
    }
}

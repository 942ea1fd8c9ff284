package io.ltcflink.flink;

import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * The type information of {@link Forecast}: an atomic type with {@link ForecastSerializer}. Found
 * through the {@link org.apache.flink.api.common.typeinfo.TypeInfo} annotation on the class, so
 * {@code TypeInformation.of(Forecast.class)} and the type extractor both return it.
 */
public final class ForecastTypeInfo extends TypeInformation<Forecast> {

    private static final long serialVersionUID = 1L;

    public static final ForecastTypeInfo INSTANCE = new ForecastTypeInfo();

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<Forecast> getTypeClass() {
        return Forecast.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<Forecast> createSerializer(SerializerConfig config) {
        return ForecastSerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "Forecast";
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof ForecastTypeInfo;
    }

    @Override
    public int hashCode() {
        return ForecastTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object obj) {
        return obj instanceof ForecastTypeInfo;
    }

    /** Referenced by the annotation on {@link Forecast}. */
    public static final class Factory extends TypeInfoFactory<Forecast> {
        @Override
        public TypeInformation<Forecast> createTypeInfo(Type t,
                Map<String, TypeInformation<?>> genericParameters) {
            return INSTANCE;
        }
    }
}

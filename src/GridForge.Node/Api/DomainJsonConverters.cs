using System.Text.Json;
using System.Text.Json.Serialization;
using GridForge.Core.Primitives;

namespace GridForge.Node.Api;

/// <summary>JSON forms of the domain value types, so any record the API returns shows an address as grid1…, a hash as
/// hex, a slot as its number, a zone as its name and energy (Wh) or a price (µWATT/kWh) as a plain number.</summary>
public static class DomainJsonConverters
{
    public static void AddTo(IList<JsonConverter> converters)
    {
        converters.Add(new AddressConverter());
        converters.Add(new HashConverter());
        converters.Add(new SlotConverter());
        converters.Add(new ZoneConverter());
        converters.Add(new WhConverter());
        converters.Add(new PriceConverter());
    }

    private sealed class AddressConverter : JsonConverter<Address>
    {
        public override Address Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            Address.TryParse(reader.GetString(), out var a, out var error) ? a : throw new JsonException(error);

        public override void Write(Utf8JsonWriter writer, Address value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
    }

    private sealed class HashConverter : JsonConverter<Hash32>
    {
        public override Hash32 Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            Hash32.TryParse(reader.GetString(), out var h) ? h : throw new JsonException("a hash is 64 hexadecimal characters");

        public override void Write(Utf8JsonWriter writer, Hash32 value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
    }

    private sealed class SlotConverter : JsonConverter<SlotId>
    {
        public override SlotId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => new(reader.GetInt64());

        public override void Write(Utf8JsonWriter writer, SlotId value, JsonSerializerOptions options) => writer.WriteNumberValue(value.Index);
    }

    private sealed class ZoneConverter : JsonConverter<ZoneId>
    {
        public override ZoneId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => new(reader.GetString() ?? string.Empty);

        public override void Write(Utf8JsonWriter writer, ZoneId value, JsonSerializerOptions options) => writer.WriteStringValue(value.Name);
    }

    private sealed class WhConverter : JsonConverter<Wh>
    {
        public override Wh Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => new(reader.GetInt64());

        public override void Write(Utf8JsonWriter writer, Wh value, JsonSerializerOptions options) => writer.WriteNumberValue(value.Value);
    }

    private sealed class PriceConverter : JsonConverter<PricePerKwh>
    {
        public override PricePerKwh Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => new(reader.GetInt64());

        public override void Write(Utf8JsonWriter writer, PricePerKwh value, JsonSerializerOptions options) => writer.WriteNumberValue(value.MicroPerKwh);
    }
}

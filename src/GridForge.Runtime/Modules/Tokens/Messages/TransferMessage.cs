using GridForge.Core.Encoding;
using GridForge.Core.Primitives;
using GridForge.Runtime.Transactions;

namespace GridForge.Runtime.Modules.Tokens;

/// <summary>Moves free tokens from the sender to another account.</summary>
public sealed record TransferMessage(Address To, Token Token, Amount Amount) : IMessage
{
    public const ushort TypeId = 1;

    public byte Module => ModuleIds.Tokens;

    public ushort Type => TypeId;

    public void Encode(CanonicalWriter writer) => writer.Address(To).U8((byte)Token).U64(Amount.Micro);

    public static IMessage Decode(ref CanonicalReader reader)
    {
        var to = reader.Address("to");
        var token = reader.U8("token");
        var amount = reader.U64("amount");
        if (reader.Ok && token is not ((byte)Core.Primitives.Token.Grid or (byte)Core.Primitives.Token.Watt))
        {
            reader.Fail($"unknown token {token}");
        }

        return new TransferMessage(to, (Token)token, new Amount(amount));
    }
}

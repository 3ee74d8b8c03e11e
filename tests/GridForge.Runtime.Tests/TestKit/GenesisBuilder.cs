using GridForge.Core.Crypto;
using GridForge.Core.Primitives;
using GridForge.Runtime.Genesis;

namespace GridForge.Tests.TestKit;

/// <summary>Builds genesis documents: a dev chain validated by the dev validator unless told otherwise.</summary>
public sealed class GenesisBuilder
{
    public const long DefaultTime = 1_700_000_000;

    /// <summary>What <see cref="Funding"/> gives each account of each token: 1,000 units.</summary>
    public const ulong DefaultBalance = 1_000 * Amount.MicroPerUnit;

    private string _chainId = TestKeys.DevChain;
    private long _time = DefaultTime;
    private readonly List<GenesisValidator> _validators = [];
    private readonly List<GenesisAccount> _accounts = [];
    private readonly SortedDictionary<string, string> _roles = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, SortedDictionary<string, long>> _params = new(StringComparer.Ordinal);
    private readonly Dictionary<string, System.Text.Json.JsonElement> _sections = new(StringComparer.Ordinal);

    public GenesisBuilder ForChain(string chainId)
    {
        _chainId = chainId;
        return this;
    }

    public GenesisBuilder At(long unixTime)
    {
        _time = unixTime;
        return this;
    }

    public GenesisBuilder WithValidator(SigningKey validator, ulong power = 1)
    {
        _validators.Add(new GenesisValidator { Address = validator.Address.ToString(), Power = power });
        return this;
    }

    public GenesisBuilder WithAccount(Address account, ulong grid = 0, ulong watt = 0)
    {
        _accounts.Add(new GenesisAccount { Address = account.ToString(), Grid = grid, Watt = watt });
        return this;
    }

    public GenesisBuilder WithAccount(SigningKey account, ulong grid = 0, ulong watt = 0) => WithAccount(account.Address, grid, watt);

    /// <summary>Gives each account <see cref="DefaultBalance"/> of both tokens.</summary>
    public GenesisBuilder Funding(params SigningKey[] accounts)
    {
        foreach (var a in accounts) WithAccount(a, DefaultBalance, DefaultBalance);
        return this;
    }

    public GenesisBuilder WithRole(string role, Address account)
    {
        _roles[role] = account.ToString();
        return this;
    }

    public GenesisBuilder WithParam(string module, string name, long value)
    {
        if (!_params.TryGetValue(module, out var values)) _params[module] = values = new(StringComparer.Ordinal);
        values[name] = value;
        return this;
    }

    /// <summary>Adds a module's genesis section (staking, grid, …).</summary>
    public GenesisBuilder WithSection(string name, System.Text.Json.JsonElement section)
    {
        _sections[name] = section;
        return this;
    }

    public GenesisDocument TestObject => new()
    {
        ChainId = _chainId,
        GenesisTime = _time,
        Validators = _validators.Count > 0 ? [.. _validators] : [new GenesisValidator { Address = TestKeys.Validator.Address.ToString() }],
        Accounts = [.. _accounts],
        Roles = new(_roles, StringComparer.Ordinal),
        Params = new(_params, StringComparer.Ordinal),
        Extra = new(_sections, StringComparer.Ordinal),
    };
}

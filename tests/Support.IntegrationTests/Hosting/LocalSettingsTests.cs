using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Support.Local.Hosting;
using Xunit;

namespace Support.IntegrationTests.Hosting;

/// <summary>Keys the sample generates reach a developer's existing local.settings.json without touching what is there.</summary>
public sealed class LocalSettingsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("support-local-settings-").FullName;

    [Fact]
    public void A_generated_key_the_sample_gained_is_added_to_an_existing_file_and_nothing_else_changes()
    {
        File.WriteAllText(Path.Combine(_folder, LocalSettings.SampleFileName),
            new JsonObject
            {
                ["Values"] = new JsonObject
                {
                    ["AdminApiKey"] = LocalSettings.GeneratedPlaceholder,
                    ["Mail__SigningKey"] = LocalSettings.GeneratedPlaceholder,
                    ["Mail__FromName"] = "Sample",
                },
            }.ToJsonString());
        File.WriteAllText(Path.Combine(_folder, LocalSettings.FileName), """{"Values":{"AdminApiKey":"my-own-key","Mail__FromName":"Mine"}}""");

        var configuration = new ConfigurationBuilder().AddLocalSettings(_folder).Build();
        var again = new ConfigurationBuilder().AddLocalSettings(_folder).Build();

        Assert.Equal("my-own-key", configuration["AdminApiKey"]);
        Assert.Equal("Mine", configuration["Mail:FromName"]);
        Assert.Matches("^[0-9a-f]{48}$", configuration["Mail:SigningKey"]);
        Assert.Equal(configuration["Mail:SigningKey"], again["Mail:SigningKey"]);
        var values = JsonNode.Parse(File.ReadAllText(Path.Combine(_folder, LocalSettings.FileName)))!["Values"]!.AsObject();
        Assert.Equal(["AdminApiKey", "Mail__FromName", "Mail__SigningKey"], values.Select(v => v.Key));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}

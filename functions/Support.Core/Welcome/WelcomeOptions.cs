namespace Support.Core.Welcome;

/// <summary>Bound from the <c>Welcome__*</c> settings.</summary>
public sealed class WelcomeOptions
{
    public const string Section = "Welcome";

    /// <summary>How long after signing up the welcome mail goes out.</summary>
    public double DelayMinutes { get; set; } = 10;
}

using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Support.Functions.Hosting;

/// <summary>
/// Lets a function answer with the shared endpoints' <see cref="IResult"/>. ASP.NET Core
/// integration 2.x executes a returned <see cref="IActionResult"/> against the real
/// <see cref="HttpContext"/>, but serializes any other return value, an <see cref="IResult"/>
/// included, as the body; so the result is wrapped rather than returned.
/// </summary>
public sealed class ResultAction(IResult result) : IActionResult
{
    public Task ExecuteResultAsync(ActionContext context) => result.ExecuteAsync(context.HttpContext);
}

public static class ResultActionExtensions
{
    public static async Task<IActionResult> AsAction(this Task<IResult> result) => new ResultAction(await result);

    public static IActionResult AsAction(this IResult result) => new ResultAction(result);
}

using System.Net;
using System.Net.Sockets;

namespace Support.Local.Azurite;

public static class Loopback
{
    /// <summary>A TCP port nothing listens on right now, for a server of our own (Azurite, a host, a test).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

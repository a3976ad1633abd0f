using Support.Core.Domain;

namespace Support.Core.Ports;

/// <summary>A ticket store around another that passes every call through; a decorator overrides the writes it watches.</summary>
public abstract class TicketStoreDecorator(ITicketStore inner) : ITicketStore
{
    protected ITicketStore Inner => inner;

    public Task<InquiryStoreOutcome> StoreInquiryAsync(Inquiry inquiry, CancellationToken cancellationToken) =>
        inner.StoreInquiryAsync(inquiry, cancellationToken);

    public Task<Inquiry?> GetInquiryAsync(string reference, CancellationToken cancellationToken) =>
        inner.GetInquiryAsync(reference, cancellationToken);

    public Task DeleteInquiryAsync(string reference, CancellationToken cancellationToken) =>
        inner.DeleteInquiryAsync(reference, cancellationToken);

    public Task<Ticket?> GetAsync(string reference, CancellationToken cancellationToken) =>
        inner.GetAsync(reference, cancellationToken);

    public Task<TicketLookup> LookUpAsync(string reference, CancellationToken cancellationToken) =>
        inner.LookUpAsync(reference, cancellationToken);

    public Task<bool> HoldCustomerMessageAsync(TicketLookup lookup, string key, TimelineEvent message, CancellationToken cancellationToken) =>
        inner.HoldCustomerMessageAsync(lookup, key, message, cancellationToken);

    public Task<TicketPage> ListAsync(TicketQuery query, CancellationToken cancellationToken) =>
        inner.ListAsync(query, cancellationToken);

    public virtual Task<TicketCreation> CreateAsync(Ticket ticket, bool whileInquiryStored, CancellationToken cancellationToken) =>
        inner.CreateAsync(ticket, whileInquiryStored, cancellationToken);

    public virtual Task SaveAsync(Ticket ticket, CancellationToken cancellationToken) =>
        inner.SaveAsync(ticket, cancellationToken);
}

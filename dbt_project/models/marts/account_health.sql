-- Health of every customer (account_lifecycle.is_customer), 0-100, with each component visible: its
-- score 0-1 and its points (score x the program's health weight). All components look back over
-- the same period, the last 2 x health_trend_window_days days up to as_of; the formulas are on the
-- columns in _abe__models.yml. A component without evidence (satisfaction with no rating or NPS answer) is left
-- out and the other weights are scaled up, so the score stays 0-100.
with customers as (
    select account_key, customer_since
    from {{ ref('account_lifecycle') }}
    where is_customer
),

look_back as (
    select
        as_of.as_of,
        as_of.as_of_date,
        {{ days_before('as_of.as_of_date', 'settings.health_trend_window_days') }} as recent_from,
        {{ days_before('as_of.as_of_date', '2 * settings.health_trend_window_days') }} as look_back_from
    from {{ ref('int_as_of') }} as as_of
    cross join {{ source('program', 'settings') }} as settings
),

-- a ticket or touch falls in the look-back when its UTC day is in (look_back_from, as_of_date]
ticket_counts as (
    select
        tickets.account_key,
        count(*) as tickets,
        sum(case when tickets.priority in ('urgent', 'high') then 1 else 0 end) as severe_tickets,
        count(tickets.satisfaction_score) as rated_tickets,
        avg(cast(tickets.satisfaction_score as double precision)) as csat
    from {{ ref('fct_ticket') }} as tickets
    cross join look_back
    where {{ utc_date('tickets.created_at') }} > look_back.look_back_from
        and tickets.created_at <= look_back.as_of
    group by tickets.account_key
),

-- an NPS answer counts +1 (promoter, 9-10), 0 (passive) or -1 (detractor, 0-6); nps is their mean,
-- on the golden account of the person who answered
nps_answers as (
    select
        people.account_key,
        count(*) as nps_responses,
        avg(case when answers.score >= 9 then 1.0 when answers.score <= 6 then -1.0 else 0.0 end) as nps
    from {{ ref('stg_hubspot__nps_responses') }} as answers
    inner join {{ source('identity', 'person_xref') }} as people
        on answers.source_system = people.source_system
        and answers.contact_source_id = people.source_id
    cross join look_back
    where {{ utc_date('answers.submitted_at') }} > look_back.look_back_from
        and answers.submitted_at <= look_back.as_of
        and answers.score between 0 and 10
        and people.account_key is not null
    group by people.account_key
),

touch_counts as (
    select
        activities.account_key,
        sum(case when {{ utc_date('activities.occurred_at') }} > look_back.recent_from then 1 else 0 end) as recent_touches,
        sum(case when {{ utc_date('activities.occurred_at') }} <= look_back.recent_from then 1 else 0 end) as previous_touches
    from {{ ref('fct_activity') }} as activities
    cross join look_back
    where {{ utc_date('activities.occurred_at') }} > look_back.look_back_from
        and activities.occurred_at <= look_back.as_of
    group by activities.account_key
),

engaged_people as (
    select people.account_key, count(*) as engaged_people
    from {{ ref('dim_person') }} as people
    cross join look_back
    where {{ utc_date('people.last_touched_at') }} > look_back.look_back_from
    group by people.account_key
),

-- the next renewal: customer_since plus a whole number (>= 1) of contract terms, on or after as_of
renewal_terms as (
    select
        customers.account_key,
        customers.customer_since,
        settings.contract_term_months as term_months,
        greatest(
            1,
            floor(
                (
                    (extract(year from look_back.as_of_date) - extract(year from customers.customer_since)) * 12
                    + extract(month from look_back.as_of_date) - extract(month from customers.customer_since)
                ) / cast(settings.contract_term_months as double precision)
            )
        ) as terms
    from customers
    cross join look_back
    cross join {{ source('program', 'settings') }} as settings
),

renewal_candidates as (
    select
        account_key,
        cast({{ dbt.dateadd('month', 'terms * term_months', 'customer_since') }} as date) as after_terms_on,
        cast({{ dbt.dateadd('month', '(terms + 1) * term_months', 'customer_since') }} as date) as after_one_more_term_on
    from renewal_terms
),

renewals as (
    select
        renewal_candidates.account_key,
        case
            when renewal_candidates.after_terms_on >= look_back.as_of_date then renewal_candidates.after_terms_on
            else renewal_candidates.after_one_more_term_on
        end as next_renewal_on
    from renewal_candidates
    cross join look_back
),

customer_facts as (
    select
        customers.account_key,
        coalesce(ticket_counts.tickets, 0) as tickets,
        coalesce(ticket_counts.severe_tickets, 0) as severe_tickets,
        coalesce(ticket_counts.rated_tickets, 0) as rated_tickets,
        ticket_counts.csat,
        coalesce(nps_answers.nps_responses, 0) as nps_responses,
        nps_answers.nps,
        coalesce(touch_counts.recent_touches, 0) as recent_touches,
        coalesce(touch_counts.previous_touches, 0) as previous_touches,
        coalesce(engaged_people.engaged_people, 0) as engaged_people,
        renewals.next_renewal_on,
        renewals.next_renewal_on - look_back.as_of_date as days_to_renewal
    from customers
    cross join look_back
    left join ticket_counts on customers.account_key = ticket_counts.account_key
    left join nps_answers on customers.account_key = nps_answers.account_key
    left join touch_counts on customers.account_key = touch_counts.account_key
    left join engaged_people on customers.account_key = engaged_people.account_key
    left join renewals on customers.account_key = renewals.account_key
),

customer_base as (
    select avg(cast(tickets as double precision)) as tickets, avg(cast(engaged_people as double precision)) as engaged_people
    from customer_facts
),

component_scores as (
    select
        customer_facts.*,
        case
            when customer_base.tickets > 0 then greatest(0, 1 - customer_facts.tickets / (2 * customer_base.tickets))
            else 1
        end as support_load_score,
        case
            when customer_facts.tickets > 0 then 1 - cast(customer_facts.severe_tickets as double precision) / customer_facts.tickets
            else 1
        end as ticket_severity_score,
        -- the mean of the signals there are: CSAT (0-1) and NPS scaled from -1..1 to 0-1
        case
            when customer_facts.csat is not null and customer_facts.nps is not null
                then (customer_facts.csat + (customer_facts.nps + 1) / 2) / 2
            when customer_facts.nps is not null then (customer_facts.nps + 1) / 2
            else customer_facts.csat
        end as satisfaction_score,
        case
            when customer_facts.recent_touches + customer_facts.previous_touches > 0
                then cast(customer_facts.recent_touches as double precision)
                    / (customer_facts.recent_touches + customer_facts.previous_touches)
            else 0
        end as engagement_trend_score,
        case
            when customer_base.engaged_people > 0 then least(1, customer_facts.engaged_people / customer_base.engaged_people)
            else 0
        end as relationship_breadth_score,
        least(1, greatest(0, cast(customer_facts.days_to_renewal as double precision) / nullif(settings.renewal_window_days, 0)))
            as renewal_proximity_score,
        settings.renewal_window_days,
        settings.health_weight_support_load,
        settings.health_weight_ticket_severity,
        settings.health_weight_satisfaction,
        settings.health_weight_engagement_trend,
        settings.health_weight_relationship_breadth,
        settings.health_weight_renewal_proximity
    from customer_facts
    cross join customer_base
    cross join {{ source('program', 'settings') }} as settings
),

component_points as (
    select
        component_scores.*,
        health_weight_support_load * support_load_score as support_load_points,
        health_weight_ticket_severity * ticket_severity_score as ticket_severity_points,
        health_weight_satisfaction * satisfaction_score as satisfaction_points,
        health_weight_engagement_trend * engagement_trend_score as engagement_trend_points,
        health_weight_relationship_breadth * relationship_breadth_score as relationship_breadth_points,
        health_weight_renewal_proximity * renewal_proximity_score as renewal_proximity_points,
        health_weight_support_load + health_weight_ticket_severity
            + case when satisfaction_score is not null then health_weight_satisfaction else 0 end
            + health_weight_engagement_trend + health_weight_relationship_breadth
            + case when renewal_proximity_score is not null then health_weight_renewal_proximity else 0 end
            as weight_with_evidence
    from component_scores
)

select
    account_key,
    case
        when weight_with_evidence > 0 then 100 * (
            support_load_points + ticket_severity_points + coalesce(satisfaction_points, 0) + engagement_trend_points
            + relationship_breadth_points + coalesce(renewal_proximity_points, 0)
        ) / weight_with_evidence
    end as health_score,
    cast(support_load_score as double precision) as support_load_score,
    cast(support_load_points as double precision) as support_load_points,
    cast(ticket_severity_score as double precision) as ticket_severity_score,
    cast(ticket_severity_points as double precision) as ticket_severity_points,
    cast(satisfaction_score as double precision) as satisfaction_score,
    cast(satisfaction_points as double precision) as satisfaction_points,
    cast(engagement_trend_score as double precision) as engagement_trend_score,
    cast(engagement_trend_points as double precision) as engagement_trend_points,
    cast(relationship_breadth_score as double precision) as relationship_breadth_score,
    cast(relationship_breadth_points as double precision) as relationship_breadth_points,
    cast(renewal_proximity_score as double precision) as renewal_proximity_score,
    cast(renewal_proximity_points as double precision) as renewal_proximity_points,
    cast(tickets as {{ dbt.type_bigint() }}) as tickets,
    cast(severe_tickets as {{ dbt.type_bigint() }}) as severe_tickets,
    cast(rated_tickets as {{ dbt.type_bigint() }}) as rated_tickets,
    cast(csat as double precision) as csat,
    cast(nps_responses as {{ dbt.type_bigint() }}) as nps_responses,
    cast(100 * nps as double precision) as nps,
    cast(recent_touches as {{ dbt.type_bigint() }}) as recent_touches,
    cast(previous_touches as {{ dbt.type_bigint() }}) as previous_touches,
    cast(engaged_people as {{ dbt.type_bigint() }}) as engaged_people,
    engaged_people <= 1 as is_single_threaded,
    next_renewal_on,
    cast(days_to_renewal as {{ dbt.type_bigint() }}) as days_to_renewal,
    days_to_renewal <= renewal_window_days as in_renewal_window
from component_points

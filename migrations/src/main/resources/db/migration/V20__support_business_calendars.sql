-- Support desk: the holidays of each region's business-hours calendar (support policy: business hours are
-- 07:00-19:00 Monday-Friday in the customer's region, excluding banking/statutory holidays).
--
-- Global reference data, not tenant-owned (no org_id, no row-level security): every organization in a
-- region shares its calendar. Platform admins edit the rows; the application rebuilds its in-memory
-- calendars from this table (HolidayCalendars). A row is a day without business hours; rows falling on a
-- weekend are kept for the record (the calendar ignores weekends anyway).

CREATE TABLE support_holiday (
    id        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    region    varchar(16)  NOT NULL CHECK (region IN ('AMERICAS', 'EMEA', 'AP_ANZ')),
    day       date         NOT NULL,
    name      varchar(120) NOT NULL,
    version   bigint       NOT NULL DEFAULT 0,
    UNIQUE (region, day)
);

-- AMERICAS (America/Chicago): US federal holidays, 5 U.S.C. 6103(a), as published by OPM. Rule for the
-- observed day (Executive Order 11582; 5 U.S.C. 6103(b)): a holiday on a Saturday is observed on the
-- Friday before, a holiday on a Sunday on the Monday after. Only the observed day is listed.
INSERT INTO support_holiday (region, day, name) VALUES
    ('AMERICAS', DATE '2026-01-01', 'New Year''s Day'),
    ('AMERICAS', DATE '2026-01-19', 'Birthday of Martin Luther King, Jr.'),      -- third Monday in January
    ('AMERICAS', DATE '2026-02-16', 'Washington''s Birthday'),                   -- third Monday in February
    ('AMERICAS', DATE '2026-05-25', 'Memorial Day'),                             -- last Monday in May
    ('AMERICAS', DATE '2026-06-19', 'Juneteenth National Independence Day'),
    ('AMERICAS', DATE '2026-07-03', 'Independence Day (observed)'),              -- 4 July 2026 is a Saturday
    ('AMERICAS', DATE '2026-09-07', 'Labor Day'),                                -- first Monday in September
    ('AMERICAS', DATE '2026-10-12', 'Columbus Day'),                             -- second Monday in October
    ('AMERICAS', DATE '2026-11-11', 'Veterans Day'),
    ('AMERICAS', DATE '2026-11-26', 'Thanksgiving Day'),                         -- fourth Thursday in November
    ('AMERICAS', DATE '2026-12-25', 'Christmas Day'),
    ('AMERICAS', DATE '2027-01-01', 'New Year''s Day'),
    ('AMERICAS', DATE '2027-01-18', 'Birthday of Martin Luther King, Jr.'),
    ('AMERICAS', DATE '2027-02-15', 'Washington''s Birthday'),
    ('AMERICAS', DATE '2027-05-31', 'Memorial Day'),
    ('AMERICAS', DATE '2027-06-18', 'Juneteenth National Independence Day (observed)'), -- 19 June 2027 is a Saturday
    ('AMERICAS', DATE '2027-07-05', 'Independence Day (observed)'),              -- 4 July 2027 is a Sunday
    ('AMERICAS', DATE '2027-09-06', 'Labor Day'),
    ('AMERICAS', DATE '2027-10-11', 'Columbus Day'),
    ('AMERICAS', DATE '2027-11-11', 'Veterans Day'),
    ('AMERICAS', DATE '2027-11-25', 'Thanksgiving Day'),
    ('AMERICAS', DATE '2027-12-24', 'Christmas Day (observed)'),                 -- 25 December 2027 is a Saturday
    ('AMERICAS', DATE '2027-12-31', 'New Year''s Day 2028 (observed)');          -- 1 January 2028 is a Saturday

-- EMEA (Europe/London): bank holidays in England and Wales (Banking and Financial Dealings Act 1971,
-- Schedule 1, and the annual royal proclamations; dates as published on gov.uk/bank-holidays). New Year's
-- Day, Christmas Day and Boxing Day falling on a weekend get a substitute weekday ("substitute day"):
-- the next weekday not already a bank holiday. Easter Sunday is 5 April 2026 and 28 March 2027.
INSERT INTO support_holiday (region, day, name) VALUES
    ('EMEA', DATE '2026-01-01', 'New Year''s Day'),
    ('EMEA', DATE '2026-04-03', 'Good Friday'),
    ('EMEA', DATE '2026-04-06', 'Easter Monday'),
    ('EMEA', DATE '2026-05-04', 'Early May bank holiday'),                       -- first Monday in May
    ('EMEA', DATE '2026-05-25', 'Spring bank holiday'),                          -- last Monday in May
    ('EMEA', DATE '2026-08-31', 'Summer bank holiday'),                          -- last Monday in August
    ('EMEA', DATE '2026-12-25', 'Christmas Day'),
    ('EMEA', DATE '2026-12-28', 'Boxing Day (substitute day)'),                  -- 26 December 2026 is a Saturday
    ('EMEA', DATE '2027-01-01', 'New Year''s Day'),
    ('EMEA', DATE '2027-03-26', 'Good Friday'),
    ('EMEA', DATE '2027-03-29', 'Easter Monday'),
    ('EMEA', DATE '2027-05-03', 'Early May bank holiday'),
    ('EMEA', DATE '2027-05-31', 'Spring bank holiday'),
    ('EMEA', DATE '2027-08-30', 'Summer bank holiday'),
    ('EMEA', DATE '2027-12-27', 'Christmas Day (substitute day)'),               -- 25 December 2027 is a Saturday
    ('EMEA', DATE '2027-12-28', 'Boxing Day (substitute day)');                  -- 26 December 2027 is a Sunday

-- AP_ANZ (Asia/Singapore): gazetted public holidays (Holidays Act 1998, Schedule; dates as announced by
-- the Ministry of Manpower). Holidays Act s.4(2)/(3): a public holiday falling on a Sunday is replaced by
-- the following Monday; there is no replacement for a Saturday (employers give time off in lieu), so a
-- Saturday holiday is listed but changes nothing. The 2027 dates of Hari Raya Puasa, Hari Raya Haji,
-- Vesak Day and Deepavali follow the religious calendars and are provisional until MOM gazettes them;
-- platform admins correct this table if they move.
INSERT INTO support_holiday (region, day, name) VALUES
    ('AP_ANZ', DATE '2026-01-01', 'New Year''s Day'),
    ('AP_ANZ', DATE '2026-02-17', 'Chinese New Year'),
    ('AP_ANZ', DATE '2026-02-18', 'Chinese New Year (second day)'),
    ('AP_ANZ', DATE '2026-03-21', 'Hari Raya Puasa'),                            -- Saturday: no replacement
    ('AP_ANZ', DATE '2026-04-03', 'Good Friday'),
    ('AP_ANZ', DATE '2026-05-01', 'Labour Day'),
    ('AP_ANZ', DATE '2026-05-27', 'Hari Raya Haji'),
    ('AP_ANZ', DATE '2026-05-31', 'Vesak Day'),                                  -- Sunday
    ('AP_ANZ', DATE '2026-06-01', 'Vesak Day (observed)'),
    ('AP_ANZ', DATE '2026-08-09', 'National Day'),                               -- Sunday
    ('AP_ANZ', DATE '2026-08-10', 'National Day (observed)'),
    ('AP_ANZ', DATE '2026-11-08', 'Deepavali'),                                  -- Sunday
    ('AP_ANZ', DATE '2026-11-09', 'Deepavali (observed)'),
    ('AP_ANZ', DATE '2026-12-25', 'Christmas Day'),
    ('AP_ANZ', DATE '2027-01-01', 'New Year''s Day'),
    ('AP_ANZ', DATE '2027-02-06', 'Chinese New Year'),                           -- Saturday: no replacement
    ('AP_ANZ', DATE '2027-02-07', 'Chinese New Year (second day)'),              -- Sunday
    ('AP_ANZ', DATE '2027-02-08', 'Chinese New Year (observed)'),
    ('AP_ANZ', DATE '2027-03-10', 'Hari Raya Puasa'),
    ('AP_ANZ', DATE '2027-03-26', 'Good Friday'),
    ('AP_ANZ', DATE '2027-05-01', 'Labour Day'),                                 -- Saturday: no replacement
    ('AP_ANZ', DATE '2027-05-17', 'Hari Raya Haji'),
    ('AP_ANZ', DATE '2027-05-20', 'Vesak Day'),
    ('AP_ANZ', DATE '2027-08-09', 'National Day'),
    ('AP_ANZ', DATE '2027-10-28', 'Deepavali'),
    ('AP_ANZ', DATE '2027-12-25', 'Christmas Day');                              -- Saturday: no replacement

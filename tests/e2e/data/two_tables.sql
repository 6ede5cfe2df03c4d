CREATE TABLE personen (id INT, naam VARCHAR(80), adres VARCHAR(160));
INSERT INTO personen VALUES (1,'Jan Peeters','Kerkstraat 1, 2000 Antwerpen');
CREATE TABLE boetes (id INT, nummerplaat VARCHAR(12), mededeling VARCHAR(24));
INSERT INTO boetes VALUES (1,'KTV374','+++010/8068/17183+++');
